using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Ingest.Pipeline;

namespace SecHubBot.Ingest.Tests.Pipeline;

public class AlertStateDecisionTests
{
    private static readonly FilterPolicy Filter = new(SeverityLabel.High);

    private const string Channel = "C1";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Finding Finding(WorkflowStatus workflow = WorkflowStatus.New, ComplianceStatus compliance = ComplianceStatus.Failed, string? hintThread = null)
    {
        var fields = new Dictionary<string, string>();
        if (hintThread is not null)
        {
            fields[ThreadFields.Thread] = hintThread;
            fields[ThreadFields.Status] = "resolved";
        }

        var finding = FindingReader.Read(SyntheticFindings.Control(1)).Finding!;
        return finding with { Workflow = workflow, Compliance = compliance, UserDefinedFields = fields };
    }

    private static StoreRecord? Record(Finding finding, string? thread, string? status) => thread is null
        ? null
        : new StoreRecord(StoreKey.Finding(finding.Ref, Channel), ClaimState.Completed) { Thread = new StoredThread(thread.Split('/')[0], thread.Split('/')[1]), Status = status };

    [Theory]
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, null, null, "New")]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, null, null, "Filtered")]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, "C1/1.2", "open", "Silent")]
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, "C1/1.2", "open", "Silent")]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, "C1/1.2", "open", "Update")]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, "C1/1.2", "resolved", "Silent")]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Passed, "C1/1.2", "open", "Update")]
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, "C1/1.2", "passed", "Update")]
    [InlineData(WorkflowStatus.Suppressed, ComplianceStatus.Failed, "C1/1.2", "open", "Update")]
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, "C1/1.2", "pending", "Resume")]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, "C1/1.2", null, "Silent")]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, "C9/1.2", "open", "Silent")]
    public void Decide_StateAgainstStoredThread_Action(WorkflowStatus workflow, ComplianceStatus compliance, string? thread, string? status, string expected)
    {
        var finding = Finding(workflow, compliance);

        var decision = AlertStateDecision.Decide(finding, Record(finding, thread, status), Filter, Channel, Now);

        Assert.Equal(Enum.Parse<AlertAction>(expected), decision.Action);
    }

    [Fact]
    public void Decide_ThreadOnlyInUserDefinedFields_NewNeverTheFieldsThread()
    {
        var finding = Finding(hintThread: "C1/1700000000.000100");

        var decision = AlertStateDecision.Decide(finding, null, Filter, Channel, Now);

        Assert.Equal(AlertAction.New, decision.Action);
        Assert.Null(decision.Thread);
    }

    [Fact]
    public void Decide_LiveClaimOfAnother_HeldElsewhere()
    {
        var finding = Finding();
        var claim = new StoreRecord(StoreKey.Finding(finding.Ref, Channel), ClaimState.InProgress) { Owner = "other", LeaseUntil = Now.AddSeconds(30) };

        Assert.Equal(AlertAction.HeldElsewhere, AlertStateDecision.Decide(finding, claim, Filter, Channel, Now).Action);
        Assert.Equal(AlertAction.New, AlertStateDecision.Decide(finding, claim, Filter, Channel, Now.AddMinutes(1)).Action);
    }
}

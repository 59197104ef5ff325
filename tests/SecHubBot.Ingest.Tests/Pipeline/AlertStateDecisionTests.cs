using SecHubBot.Core.Findings;
using SecHubBot.Fakes.Aws;
using SecHubBot.Ingest.Pipeline;

namespace SecHubBot.Ingest.Tests.Pipeline;

public class AlertStateDecisionTests
{
    private static readonly FilterPolicy Filter = new(SeverityLabel.High);

    private static Finding Finding(WorkflowStatus workflow = WorkflowStatus.New, ComplianceStatus compliance = ComplianceStatus.Failed, string? thread = null, string? status = null)
    {
        var fields = new Dictionary<string, string>();
        if (thread is not null)
        {
            fields[ThreadRef.FieldKey] = thread;
        }

        if (status is not null)
        {
            fields[ThreadRef.StatusKey] = status;
        }

        var finding = FindingReader.Read(SyntheticFindings.Control(1)).Finding!;
        return finding with { Workflow = workflow, Compliance = compliance, UserDefinedFields = fields };
    }

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
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, "garbage", "open", "New")]
    public void Decide_StateAgainstThread_Action(WorkflowStatus workflow, ComplianceStatus compliance, string? thread, string? status, string expected)
    {
        Assert.Equal(Enum.Parse<AlertAction>(expected), AlertStateDecision.Decide(Finding(workflow, compliance, thread, status), Filter).Action);
    }

    [Theory]
    [InlineData("C0123/1700000000.000100", true)]
    [InlineData("G01/1.2", true)]
    [InlineData("C01/", false)]
    [InlineData("/1.2", false)]
    [InlineData("C01/abc", false)]
    [InlineData("C 1/1.2", false)]
    [InlineData(null, false)]
    public void TryParse_Value_ParsesOnlyChannelSlashTs(string? value, bool ok)
    {
        Assert.Equal(ok, ThreadRef.TryParse(value, out var thread));
        if (ok)
        {
            Assert.Equal(value, thread!.Value.ToString());
        }
    }
}

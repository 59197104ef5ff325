using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Tests.Findings;

public class FilterPolicyTests
{
    private static Finding Make(SeverityLabel severity = SeverityLabel.High, WorkflowStatus workflow = WorkflowStatus.New,
        RecordState record = RecordState.Active, ComplianceStatus compliance = ComplianceStatus.Failed) => new()
    {
        Id = "id",
        ProductArn = "arn",
        Title = "t",
        Severity = new FindingSeverity(severity, null, null),
        Workflow = workflow,
        RecordState = record,
        Compliance = compliance,
    };

    [Fact]
    public void Evaluate_HighNewActiveFailed_Alerts() =>
        Assert.True(new FilterPolicy(SeverityLabel.High).Evaluate(Make()).ShouldAlert);

    [Theory]
    [InlineData(SeverityLabel.Medium, WorkflowStatus.New, RecordState.Active, ComplianceStatus.Failed, SkipReason.BelowMinSeverity)]
    [InlineData(SeverityLabel.High, WorkflowStatus.Notified, RecordState.Active, ComplianceStatus.Failed, SkipReason.WorkflowNotNew)]
    [InlineData(SeverityLabel.High, WorkflowStatus.New, RecordState.Archived, ComplianceStatus.Failed, SkipReason.Archived)]
    [InlineData(SeverityLabel.Critical, WorkflowStatus.New, RecordState.Active, ComplianceStatus.Passed, SkipReason.CompliancePassed)]
    public void Evaluate_FindingOutsidePolicy_SkipsWithReason(SeverityLabel severity, WorkflowStatus workflow, RecordState record, ComplianceStatus compliance, SkipReason expected)
    {
        var decision = new FilterPolicy(SeverityLabel.High).Evaluate(Make(severity, workflow, record, compliance));

        Assert.False(decision.ShouldAlert);
        Assert.Equal(expected, decision.Reason);
        Assert.False(string.IsNullOrWhiteSpace(decision.Message));
    }

    [Fact]
    public void Evaluate_NonControlFindingWithoutCompliance_Alerts() =>
        Assert.True(new FilterPolicy(SeverityLabel.Low).Evaluate(Make(SeverityLabel.Low, compliance: ComplianceStatus.None)).ShouldAlert);

    [Fact]
    public void FromOptions_BadMinSeverity_NamesTheKey()
    {
        var ex = Assert.Throws<SecHubBot.Core.Configuration.InvalidConfigurationException>(() => FilterPolicy.FromOptions(new FilterOptions { MinSeverity = "URGENT" }));

        Assert.Contains("Filter:MinSeverity", ex.Message, StringComparison.Ordinal);
    }
}

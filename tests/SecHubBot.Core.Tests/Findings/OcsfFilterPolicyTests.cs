using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Tests.Findings;

public class OcsfFilterPolicyTests
{
    private static Finding Make(SeverityLabel severity, OcsfStatus status, OcsfActivity activity, ComplianceStatus compliance) => new()
    {
        Id = "d1bc4b01234567890123456789abcdef",
        ProductArn = "arn:aws:securityhub:us-east-2::productv2/aws/securityhub",
        Schema = FindingSchema.Ocsf,
        Title = "EC2 instances should be managed by AWS Systems Manager",
        Severity = new FindingSeverity(severity, null, null),
        Compliance = compliance,
        Ocsf = new OcsfFindingFacts { MetadataUid = "d1bc4b01234567890123456789abcdef", ClassUid = 2003, Status = status, Activity = activity },
    };

    [Fact]
    public void Evaluate_HighNewCreateFail_Alerts() =>
        Assert.True(new FilterPolicy(SeverityLabel.High).Evaluate(Make(SeverityLabel.High, OcsfStatus.New, OcsfActivity.Create, ComplianceStatus.Failed)).ShouldAlert);

    [Theory]
    [InlineData(SeverityLabel.Critical, OcsfStatus.New, OcsfActivity.Close, ComplianceStatus.Failed, SkipReason.Archived, "its activity is Close (the product closed the finding)")]
    [InlineData(SeverityLabel.Critical, OcsfStatus.Archived, OcsfActivity.Update, ComplianceStatus.Failed, SkipReason.Archived, "its status is Archived (no longer active)")]
    [InlineData(SeverityLabel.Critical, OcsfStatus.New, OcsfActivity.Update, ComplianceStatus.Passed, SkipReason.CompliancePassed, "its compliance status is Pass")]
    [InlineData(SeverityLabel.Critical, OcsfStatus.InProgress, OcsfActivity.Update, ComplianceStatus.Failed, SkipReason.WorkflowNotNew, "its status is In Progress, not New")]
    [InlineData(SeverityLabel.Critical, OcsfStatus.Suppressed, OcsfActivity.Update, ComplianceStatus.None, SkipReason.WorkflowNotNew, "its status is Suppressed, not New")]
    [InlineData(SeverityLabel.Medium, OcsfStatus.New, OcsfActivity.Create, ComplianceStatus.None, SkipReason.BelowMinSeverity, "severity MEDIUM is below Filter:MinSeverity HIGH")]
    public void Evaluate_OcsfFindingOutsidePolicy_SkipsWithReasonInOcsfTerms(
        SeverityLabel severity, OcsfStatus status, OcsfActivity activity, ComplianceStatus compliance, SkipReason expected, string message)
    {
        var decision = new FilterPolicy(SeverityLabel.High).Evaluate(Make(severity, status, activity, compliance));

        Assert.False(decision.ShouldAlert);
        Assert.Equal(expected, decision.Reason);
        Assert.Equal(message, decision.Message);
    }
}

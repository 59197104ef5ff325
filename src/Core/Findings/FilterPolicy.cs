namespace SecHubBot.Core.Findings;

/// <summary>
/// Decides which findings become alerts: severity at or above the minimum, workflow NEW, record
/// ACTIVE, compliance not PASSED. Every skip carries a reason a person can read.
/// </summary>
public sealed class FilterPolicy(SeverityLabel minSeverity)
{
    public static FilterPolicy FromOptions(FilterOptions options) => new(options.MinSeverityLabel);

    public SeverityLabel MinSeverity { get; } = minSeverity;

    public FilterDecision Evaluate(Finding finding)
    {
        if (finding.RecordState == RecordState.Archived)
        {
            return FilterDecision.Skip(SkipReason.Archived, "the finding is ARCHIVED (no longer active)");
        }

        if (finding.Compliance == ComplianceStatus.Passed)
        {
            return FilterDecision.Skip(SkipReason.CompliancePassed, "the control check PASSED");
        }

        if (finding.Workflow != WorkflowStatus.New)
        {
            return FilterDecision.Skip(
                SkipReason.WorkflowNotNew,
                $"its workflow status is {finding.Workflow.ToString().ToUpperInvariant()}, not NEW");
        }

        if (finding.Severity.Label < MinSeverity)
        {
            return FilterDecision.Skip(
                SkipReason.BelowMinSeverity,
                $"severity {finding.Severity.LabelText} is below Filter:MinSeverity {FindingSeverity.ToAsff(MinSeverity)}");
        }

        return FilterDecision.Alert;
    }
}

public enum SkipReason
{
    None,
    Archived,
    CompliancePassed,
    WorkflowNotNew,
    BelowMinSeverity,
    Duplicate,
}

public readonly record struct FilterDecision(bool ShouldAlert, SkipReason Reason, string? Message)
{
    public static FilterDecision Alert { get; } = new(true, SkipReason.None, null);

    public static FilterDecision Skip(SkipReason reason, string message) => new(false, reason, message);
}

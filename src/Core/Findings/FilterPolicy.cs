namespace SecHubBot.Core.Findings;

/// <summary>
/// Decides which findings become alerts: severity at or above the minimum, workflow NEW, record
/// ACTIVE, compliance not PASSED; for OCSF findings the same intent in OCSF's terms: status New,
/// activity not Close, compliance not Pass. Every skip carries a reason a person can read, in the
/// vocabulary of the finding's own schema.
/// </summary>
public sealed class FilterPolicy(SeverityLabel minSeverity)
{
    public static FilterPolicy FromOptions(FilterOptions options) => new(options.MinSeverityLabel);

    public SeverityLabel MinSeverity { get; } = minSeverity;

    public FilterDecision Evaluate(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Ocsf is { } ocsf ? EvaluateOcsf(finding, ocsf) : EvaluateAsff(finding);
    }

    private FilterDecision EvaluateAsff(Finding finding)
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

        return SeverityDecision(finding);
    }

    /// <summary>OCSF status_id and activity_id read directly, so the reasons name what the console shows.</summary>
    private FilterDecision EvaluateOcsf(Finding finding, OcsfFindingFacts ocsf)
    {
        if (ocsf.Activity == OcsfActivity.Close)
        {
            return FilterDecision.Skip(SkipReason.Archived, "its activity is Close (the product closed the finding)");
        }

        if (ocsf.Status is OcsfStatus.Archived or OcsfStatus.Deleted)
        {
            return FilterDecision.Skip(SkipReason.Archived, $"its status is {ocsf.Status} (no longer active)");
        }

        if (finding.Compliance == ComplianceStatus.Passed)
        {
            return FilterDecision.Skip(SkipReason.CompliancePassed, "its compliance status is Pass");
        }

        if (ocsf.Status != OcsfStatus.New)
        {
            return FilterDecision.Skip(SkipReason.WorkflowNotNew, $"its status is {StatusName(ocsf.Status)}, not New");
        }

        return SeverityDecision(finding);
    }

    private FilterDecision SeverityDecision(Finding finding) =>
        finding.Severity.Label < MinSeverity
            ? FilterDecision.Skip(
                SkipReason.BelowMinSeverity,
                $"severity {finding.Severity.LabelText} is below Filter:MinSeverity {FindingSeverity.ToAsff(MinSeverity)}")
            : FilterDecision.Alert;

    private static string StatusName(OcsfStatus status) => status == OcsfStatus.InProgress ? "In Progress" : status.ToString();
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

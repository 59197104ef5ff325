using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What an alert shows about its finding (or its group), reduced from Security Hub's Workflow.Status,
/// Compliance.Status and RecordState to what a reader cares about. It is the one vocabulary: the
/// thread's <c>UserDefinedFields["sechubbot:status"]</c>, the message metadata's <c>status</c> and the
/// composed messages all use it, and <see cref="AlertStatuses"/> is the only place it meets Security Hub's words.
/// </summary>
public enum AlertStatus
{
    /// <summary>Active and failing: workflow NEW or NOTIFIED (a new alert, a Reopen, or a failure after a pass).</summary>
    Open,

    /// <summary>Workflow RESOLVED while the check has not passed: a person resolved it.</summary>
    Resolved,

    /// <summary>Workflow SUPPRESSED: accepted; Security Hub stops updating it.</summary>
    Suppressed,

    /// <summary>The control check PASSED (Security Hub also sets RESOLVED itself).</summary>
    Passed,

    /// <summary>RecordState ARCHIVED: the product no longer reports it (the resource was deleted, say).</summary>
    Archived,
}

/// <summary>
/// <see cref="AlertStatus"/> to and from what other systems say. One word per status
/// (<c>open</c>, <c>resolved</c>, <c>suppressed</c>, <c>passed</c>, <c>archived</c>) is written both to the
/// finding's <c>sechubbot:status</c> field and to the alert's metadata; reading also accepts what alerts
/// posted before this vocabulary carry in their metadata (Security Hub's upper-case workflow names).
/// </summary>
public static class AlertStatuses
{
    /// <summary>Every status, in declaration order.</summary>
    public static IReadOnlyList<AlertStatus> All { get; } = Enum.GetValues<AlertStatus>();

    /// <summary>
    /// Security Hub's state of a finding as an alert status. SUPPRESSED wins (a person decided), then
    /// PASSED (the fix worked), ARCHIVED, RESOLVED; anything else is open.
    /// </summary>
    public static AlertStatus Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Workflow == WorkflowStatus.Suppressed)
        {
            return AlertStatus.Suppressed;
        }

        if (finding.Compliance == ComplianceStatus.Passed)
        {
            return AlertStatus.Passed;
        }

        if (finding.RecordState == RecordState.Archived)
        {
            return AlertStatus.Archived;
        }

        return finding.Workflow == WorkflowStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Open;
    }

    /// <summary>
    /// The workflow status a person's Resolve, Suppress or Reopen sets in Security Hub (BatchUpdateFindings).
    /// Reopen sets NOTIFIED: the finding is open and people already know (its thread exists). Passed and
    /// Archived are Security Hub's own doing, never set from Slack: null.
    /// </summary>
    public static WorkflowStatus? WorkflowToSet(this AlertStatus status) => status switch
    {
        AlertStatus.Open => WorkflowStatus.Notified,
        AlertStatus.Resolved => WorkflowStatus.Resolved,
        AlertStatus.Suppressed => WorkflowStatus.Suppressed,
        _ => null,
    };

    /// <summary>Whether the alert offers Reopen rather than Resolve and Suppress.</summary>
    public static bool IsClosed(this AlertStatus status) => status != AlertStatus.Open;

    /// <summary>The word written to <c>sechubbot:status</c> and to the metadata's <c>status</c>.</summary>
    public static string ToWire(this AlertStatus status) => status switch
    {
        AlertStatus.Open => "open",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Suppressed => "suppressed",
        AlertStatus.Passed => "passed",
        _ => "archived",
    };

    /// <summary>
    /// Reads a <c>sechubbot:status</c> field or a metadata <c>status</c>, including the values alerts posted
    /// before this vocabulary carry (NEW, NOTIFIED, RESOLVED, SUPPRESSED). Null for anything else, such as
    /// the field's "pending" (<see cref="ThreadFields.PendingStatus"/>), which is about the thread, not the finding.
    /// </summary>
    public static AlertStatus? FromWire(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "open" or "new" or "notified" => AlertStatus.Open,
        "resolved" => AlertStatus.Resolved,
        "suppressed" => AlertStatus.Suppressed,
        "passed" => AlertStatus.Passed,
        "archived" => AlertStatus.Archived,
        _ => null,
    };
}

namespace SecHubBot.Core.Findings;

/// <summary>
/// What a finding's thread shows about it, reduced from Workflow.Status, Compliance.Status and
/// RecordState to what a person cares about. Two states with the same condition are the same to a
/// reader: our own write-back (NEW → NOTIFIED) does not change it, a resolve in the console does.
/// </summary>
public enum FindingCondition
{
    /// <summary>Active and failing (workflow NEW or NOTIFIED).</summary>
    Open,

    /// <summary>Workflow RESOLVED while the check has not passed (someone resolved it).</summary>
    Resolved,

    /// <summary>Workflow SUPPRESSED: accepted, Security Hub stops updating it.</summary>
    Suppressed,

    /// <summary>The control check PASSED (Security Hub also sets RESOLVED).</summary>
    Passed,

    /// <summary>RecordState ARCHIVED: the product no longer reports it (resource deleted, say).</summary>
    Archived,
}

public static class FindingConditions
{
    /// <summary>SUPPRESSED wins (a person decided), then PASSED (the fix worked), ARCHIVED, RESOLVED, else open.</summary>
    public static FindingCondition Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Workflow == WorkflowStatus.Suppressed)
        {
            return FindingCondition.Suppressed;
        }

        if (finding.Compliance == ComplianceStatus.Passed)
        {
            return FindingCondition.Passed;
        }

        if (finding.RecordState == RecordState.Archived)
        {
            return FindingCondition.Archived;
        }

        return finding.Workflow == WorkflowStatus.Resolved ? FindingCondition.Resolved : FindingCondition.Open;
    }

    /// <summary>The lower-case name stored in UserDefinedFields["sechubbot:status"].</summary>
    public static string ToWire(this FindingCondition condition) => condition switch
    {
        FindingCondition.Open => "open",
        FindingCondition.Resolved => "resolved",
        FindingCondition.Suppressed => "suppressed",
        FindingCondition.Passed => "passed",
        _ => "archived",
    };

    public static FindingCondition? FromWire(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "open" => FindingCondition.Open,
        "resolved" => FindingCondition.Resolved,
        "suppressed" => FindingCondition.Suppressed,
        "passed" => FindingCondition.Passed,
        "archived" => FindingCondition.Archived,
        _ => null,
    };

    public static bool IsClosed(this FindingCondition condition) => condition != FindingCondition.Open;
}

namespace SecHubBot.Core.Alerts;

/// <summary>
/// The UserDefinedFields SecHubBot keeps on a finding in Security Hub: with no database, they are
/// the record of which thread a finding has and what that thread shows. Both services write
/// <see cref="Status"/> whenever they change what the thread shows, so the event their own
/// BatchUpdateFindings raises is recognised as an echo and stays silent.
/// </summary>
public static class ThreadFields
{
    /// <summary>"&lt;channel&gt;/&lt;ts&gt;" of the finding's alert thread.</summary>
    public const string Thread = "sechubbot:thread";

    /// <summary>What the thread shows: a <see cref="Findings.FindingCondition"/> in wire form (open, resolved, ...), or "pending".</summary>
    public const string Status = "sechubbot:status";

    /// <summary>The size of the grouped alert the finding belongs to.</summary>
    public const string Group = "sechubbot:group";
}

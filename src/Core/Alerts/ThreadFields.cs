namespace SecHubBot.Core.Alerts;

/// <summary>
/// The UserDefinedFields SecHubBot keeps on a finding in Security Hub: the record of which thread a
/// finding has and what that thread shows. Both services write <see cref="Status"/> whenever they change
/// what the thread shows, so the event their own BatchUpdateFindings raises is recognised as an echo and stays silent.
/// </summary>
public static class ThreadFields
{
    /// <summary>"&lt;channel&gt;/&lt;ts&gt;" of the finding's alert thread (<see cref="ThreadRef"/>).</summary>
    public const string Thread = "sechubbot:thread";

    /// <summary>What the thread shows: an <see cref="AlertStatus"/> in wire form (<see cref="AlertStatuses.ToWire"/>), or <see cref="PendingStatus"/>.</summary>
    public const string Status = "sechubbot:status";

    /// <summary>The size of the grouped alert the finding belongs to.</summary>
    public const string Group = "sechubbot:group";

    /// <summary><see cref="Status"/> while the thread's first reply is still owed (Slack failed after the parent).</summary>
    public const string PendingStatus = "pending";
}

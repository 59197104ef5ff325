namespace SecHubBot.Core.Store;

/// <summary>A Slack thread as the store holds it: the channel and the parent message's ts.</summary>
public readonly record struct StoredThread(string Channel, string Ts)
{
    public override string ToString() => $"{Channel}/{Ts}";
}

/// <summary>Where a claim stands (the IN_PROGRESS → COMPLETED pattern of Powertools' idempotency utility).</summary>
public enum ClaimState
{
    /// <summary>Someone is posting; the claim lapses at <see cref="StoreRecord.LeaseUntil"/> and may then be taken over.</summary>
    InProgress,

    /// <summary>The thread exists and is recorded.</summary>
    Completed,
}

/// <summary>One item of the store as read.</summary>
public sealed record StoreRecord(StoreKey Key, ClaimState State)
{
    /// <summary>The claim token of whoever holds (or completed) the record.</summary>
    public string? Owner { get; init; }

    /// <summary>When an IN_PROGRESS claim lapses.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public StoredThread? Thread { get; init; }

    /// <summary>Finding items: the status we last wrote (what the thread shows), e.g. <c>open</c>, or <c>pending</c> while the first reply is owed.</summary>
    public string? Status { get; init; }

    /// <summary>Finding and thread items: the storm group the finding or thread belongs to.</summary>
    public StoreKey? Group { get; init; }

    /// <summary>Group items: until when new findings of the group join its thread.</summary>
    public DateTimeOffset? OpenUntil { get; init; }

    /// <summary>Thread items: the findings the thread speaks for (finding keys).</summary>
    public IReadOnlyList<StoreKey> Members { get; init; } = [];

    /// <summary>True when the record is IN_PROGRESS and its lease has not lapsed at <paramref name="now"/>.</summary>
    public bool IsHeld(DateTimeOffset now) => State == ClaimState.InProgress && LeaseUntil > now;
}

/// <summary>A claim we hold on one record: its token, and the record it replaced (a lapsed claim or a closed group), if any.</summary>
public sealed record StoreClaim(StoreKey Key, string Owner, StoreRecord? Previous);

/// <summary>What completing a claim records.</summary>
public sealed record StoreCompletion(StoredThread Thread)
{
    /// <summary>Finding items: the status the thread now shows.</summary>
    public string? Status { get; init; }

    /// <summary>Finding items: the storm group whose thread the finding is in.</summary>
    public StoreKey? Group { get; init; }
}

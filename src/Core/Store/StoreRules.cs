namespace SecHubBot.Core.Store;

/// <summary>The claim rules both stores apply (the table's condition expressions say the same).</summary>
internal static class StoreRules
{
    /// <summary>
    /// A record may be claimed when it expired, when it is a claim whose lease lapsed (its poster crashed), or
    /// when it is a storm group whose window closed (the next finding of the control starts a new group).
    /// </summary>
    public static bool MayClaim(StoreRecord existing, DateTimeOffset expiresAt, DateTimeOffset now) =>
        expiresAt < now
        || (existing.State == ClaimState.InProgress && existing.LeaseUntil < now)
        || (existing.State == ClaimState.Completed && existing.OpenUntil < now);

    /// <summary>Times are kept in whole epoch seconds, as the table's TTL attribute is.</summary>
    public static DateTimeOffset Seconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
}

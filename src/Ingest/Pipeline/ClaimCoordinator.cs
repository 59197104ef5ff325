using SecHubBot.Core.Store;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>
/// Claims before posting (IN_PROGRESS with a lease, then COMPLETED with the thread), and the bounded wait of a
/// claimer that lost: it never posts, it waits for the winner's record, else its record is left for redelivery.
/// </summary>
internal sealed class ClaimCoordinator(IStoreOfRecord store, IngestOptions options, TimeProvider time)
{
    /// <summary>How often a waiting claimer looks at the store.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Claims that run at once (each is one conditional write).</summary>
    private const int ClaimConcurrency = 16;

    public TimeSpan StormWindow => options.StormWindow;

    /// <summary>Claims each finding; returns the claims won and the decisions of those another instance holds or completed.</summary>
    public async Task<(IReadOnlyList<ClaimedFinding> Won, IReadOnlyList<AlertDecision> Lost)> ClaimAsync(
        IReadOnlyList<AlertDecision> news, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(ClaimConcurrency);
        var claims = await Task.WhenAll(news.Select(async decision =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (decision, claim: await store.TryClaimAsync(StoreKey.Finding(decision.Current.Ref, decision.Channel), null, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return (
            [.. claims.Where(c => c.claim is not null).Select(c => new ClaimedFinding(c.decision, c.claim!))],
            [.. claims.Where(c => c.claim is null).Select(c => c.decision)]);
    }

    /// <summary>Claims a storm group for <see cref="IngestOptions.StormWindow"/>; null when another instance holds or completed it.</summary>
    public Task<StoreClaim?> ClaimGroupAsync(StoreKey group, CancellationToken cancellationToken) =>
        store.TryClaimAsync(group, options.StormWindow, cancellationToken);

    public Task<IReadOnlyDictionary<StoreKey, StoreRecord>> ReadAsync(IReadOnlyCollection<StoreKey> keys, CancellationToken cancellationToken) =>
        store.GetManyAsync(keys, cancellationToken);

    /// <summary>Reads the keys until none is held by a live claim, or <see cref="IngestOptions.ClaimWait"/> passed; returns the last read.</summary>
    public async Task<IReadOnlyDictionary<StoreKey, StoreRecord>> WaitForAsync(IReadOnlyCollection<StoreKey> keys, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.ClaimWait;
        while (true)
        {
            var records = await store.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (!records.Values.Any(r => r.IsHeld(now)) || now >= until)
            {
                return records;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives up claims nothing was posted for, so a redelivery may claim them at once.</summary>
    public async Task ReleaseAsync(IEnumerable<ClaimedFinding> claims, CancellationToken cancellationToken)
    {
        foreach (var claimed in claims)
        {
            await store.ReleaseAsync(claimed.Claim, cancellationToken).ConfigureAwait(false);
        }
    }
}

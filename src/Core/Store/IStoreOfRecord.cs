namespace SecHubBot.Core.Store;

/// <summary>
/// The store of record (DESIGN.md §2): finding → thread, storm group → thread, thread → members, the
/// status we last wrote, and claims. Creating a thread is claimed first with a conditional write, so
/// concurrent instances, redeliveries and batches never open a second thread for one finding or group.
/// Expired items (<c>expires_at</c> passed, not yet removed by TTL) read as absent and may be claimed.
/// </summary>
public interface IStoreOfRecord
{
    /// <summary>Reads many records at once (consistent reads, 100 keys a request); absent keys are left out.</summary>
    Task<IReadOnlyDictionary<StoreKey, StoreRecord>> GetManyAsync(IReadOnlyCollection<StoreKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="key"/> (IN_PROGRESS with a lease) when it is absent, expired, a lapsed claim, or a
    /// group whose window closed; null when someone else holds it or completed it. <paramref name="openFor"/>
    /// (groups) sets how long the group stays open for new members once claimed.
    /// </summary>
    Task<StoreClaim?> TryClaimAsync(StoreKey key, TimeSpan? openFor, CancellationToken cancellationToken);

    /// <summary>IN_PROGRESS → COMPLETED with the thread; false when the claim was taken over meanwhile.</summary>
    Task<bool> CompleteAsync(StoreClaim claim, StoreCompletion completion, CancellationToken cancellationToken);

    /// <summary>Gives a claim up (nothing was posted), so a redelivery may claim it at once.</summary>
    Task ReleaseAsync(StoreClaim claim, CancellationToken cancellationToken);

    /// <summary>Records the status we last wrote on completed finding records (absent ones are left absent).</summary>
    Task SetStatusAsync(IReadOnlyCollection<StoreKey> findings, string status, CancellationToken cancellationToken);

    /// <summary>Adds findings to a thread's members (creating the thread item); returns the thread's member count after.</summary>
    Task<int> AddMembersAsync(StoredThread thread, StoreKey? group, IReadOnlyCollection<StoreKey> members, CancellationToken cancellationToken);
}

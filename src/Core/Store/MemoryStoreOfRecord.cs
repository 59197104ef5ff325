namespace SecHubBot.Core.Store;

/// <summary>
/// The store of record in process memory: the default when <c>Store:TableName</c> is unset (the CLI preview,
/// one local Bot). Same rules as the table, one lock; nothing survives the process.
/// </summary>
public sealed class MemoryStoreOfRecord(StoreOptions options, TimeProvider time) : IStoreOfRecord
{
    private readonly Dictionary<StoreKey, Entry> _items = [];
    private readonly Lock _lock = new();

    public Task<IReadOnlyDictionary<StoreKey, StoreRecord>> GetManyAsync(IReadOnlyCollection<StoreKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var found = new Dictionary<StoreKey, StoreRecord>();
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_items.TryGetValue(key, out var entry) && entry.ExpiresAt >= now)
                {
                    found[key] = entry.Record;
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<StoreKey, StoreRecord>>(found);
    }

    public Task<StoreClaim?> TryClaimAsync(StoreKey key, TimeSpan? openFor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owner = Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _items.TryGetValue(key, out var existing);
            if (existing is not null && !StoreRules.MayClaim(existing.Record, existing.ExpiresAt, now))
            {
                return Task.FromResult<StoreClaim?>(null);
            }

            var record = new StoreRecord(key, ClaimState.InProgress)
            {
                Owner = owner,
                LeaseUntil = StoreRules.Seconds(now + options.ClaimLease),
                OpenUntil = openFor is { } open ? StoreRules.Seconds(now + open) : null,
            };
            _items[key] = new Entry(record, StoreRules.Seconds(now + options.RecordLifetime));
            return Task.FromResult<StoreClaim?>(new StoreClaim(key, owner, existing?.Record));
        }
    }

    public Task<bool> CompleteAsync(StoreClaim claim, StoreCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(completion);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_items.TryGetValue(claim.Key, out var entry) || entry.Record.Owner != claim.Owner)
            {
                return Task.FromResult(false);
            }

            var record = entry.Record with
            {
                State = ClaimState.Completed,
                LeaseUntil = null,
                Thread = completion.Thread,
                Status = completion.Status ?? entry.Record.Status,
                Group = completion.Group ?? entry.Record.Group,
            };
            _items[claim.Key] = new Entry(record, StoreRules.Seconds(now + options.RecordLifetime));
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(StoreClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            if (_items.TryGetValue(claim.Key, out var entry) && entry.Record.Owner == claim.Owner && entry.Record.State == ClaimState.InProgress)
            {
                _items.Remove(claim.Key);
            }
        }

        return Task.CompletedTask;
    }

    public Task SetStatusAsync(IReadOnlyCollection<StoreKey> findings, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var key in findings)
            {
                if (_items.TryGetValue(key, out var entry) && entry.Record.State == ClaimState.Completed)
                {
                    _items[key] = new Entry(entry.Record with { Status = status }, StoreRules.Seconds(now + options.RecordLifetime));
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> AddMembersAsync(StoredThread thread, StoreKey? group, IReadOnlyCollection<StoreKey> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var now = time.GetUtcNow();
        var key = StoreKey.Thread(thread);
        lock (_lock)
        {
            var existing = _items.TryGetValue(key, out var entry) && entry.ExpiresAt >= now ? entry.Record.Members : [];
            var all = existing.Concat(members).Distinct().ToList();
            var record = new StoreRecord(key, ClaimState.Completed) { Thread = thread, Group = group ?? entry?.Record.Group, Members = all };
            _items[key] = new Entry(record, StoreRules.Seconds(now + options.RecordLifetime));
            return Task.FromResult(all.Count);
        }
    }

    private sealed record Entry(StoreRecord Record, DateTimeOffset ExpiresAt);
}

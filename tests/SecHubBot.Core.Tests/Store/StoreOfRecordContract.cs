using Microsoft.Extensions.Time.Testing;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Store;

namespace SecHubBot.Core.Tests.Store;

/// <summary>
/// The one contract both stores of record pass (memory and DynamoDB over dynalite): claims are exclusive,
/// lapse after the lease, complete once; groups reopen after their window; expired items read as absent.
/// </summary>
public abstract class StoreOfRecordContract
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    protected static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected static StoreOptions Options() => new() { ClaimLease = Lease, RecordLifetime = Lifetime };

    protected abstract Task<IStoreOfRecord> CreateStoreAsync();

    private static StoreKey Finding(int i) => StoreKey.Finding(new FindingRef($"arn:aws:securityhub:us-east-1:111122223333:finding/{i}", "arn:aws:securityhub:us-east-1::product/aws/securityhub"), "C0ALERTS1");

    private static readonly StoredThread Thread = new("C0123456789", "1700000000.000100");

    [StoreFact]
    public async Task GetManyAsync_NothingStored_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        var found = await store.GetManyAsync([Finding(1), Finding(2)], CancellationToken.None);

        Assert.Empty(found);
    }

    [StoreFact]
    public async Task TryClaimAsync_AbsentKey_ClaimsInProgressWithLease()
    {
        var store = await CreateStoreAsync();

        var claim = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        Assert.NotNull(claim);
        Assert.Null(claim.Previous);
        var record = (await store.GetManyAsync([Finding(1)], CancellationToken.None))[Finding(1)];
        Assert.Equal(ClaimState.InProgress, record.State);
        Assert.Equal(claim.Owner, record.Owner);
        Assert.True(record.IsHeld(Time.GetUtcNow()));
        Assert.False(record.IsHeld(Time.GetUtcNow() + Lease + TimeSpan.FromSeconds(1)));
    }

    [StoreFact]
    public async Task TryClaimAsync_HeldByAnother_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        var second = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        Assert.Null(second);
    }

    [StoreFact]
    public async Task TryClaimAsync_TwentyAtOnce_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.TryClaimAsync(Finding(7), null, CancellationToken.None))));

        Assert.Single(claims, c => c is not null);
    }

    [StoreFact]
    public async Task TryClaimAsync_LeaseLapsed_TakesOverAndOldOwnerCannotComplete()
    {
        var store = await CreateStoreAsync();
        var crashed = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;
        Time.Advance(Lease + TimeSpan.FromSeconds(2));

        var takeover = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);
        var lateCompletion = await store.CompleteAsync(crashed, new StoreCompletion(Thread), CancellationToken.None);

        Assert.NotNull(takeover);
        Assert.Equal(crashed.Owner, takeover.Previous?.Owner);
        Assert.False(lateCompletion);
    }

    [StoreFact]
    public async Task CompleteAsync_OwnClaim_RecordsThreadStatusAndGroupAndBlocksClaims()
    {
        var store = await CreateStoreAsync();
        var group = StoreKey.Group("111122223333", "us-east-1", "EC2.18", Thread.Channel);
        var claim = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;

        var completed = await store.CompleteAsync(claim, new StoreCompletion(Thread) { Status = "open", Group = group }, CancellationToken.None);
        Time.Advance(Lease * 3);
        var again = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        Assert.True(completed);
        Assert.Null(again);
        var record = (await store.GetManyAsync([Finding(1)], CancellationToken.None))[Finding(1)];
        Assert.Equal(ClaimState.Completed, record.State);
        Assert.Equal(Thread, record.Thread);
        Assert.Equal("open", record.Status);
        Assert.Equal(group, record.Group);
        Assert.False(record.IsHeld(Time.GetUtcNow()));
    }

    [StoreFact]
    public async Task ReleaseAsync_OwnClaim_NextClaimWinsAtOnce()
    {
        var store = await CreateStoreAsync();
        var claim = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;

        await store.ReleaseAsync(claim, CancellationToken.None);
        var next = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        Assert.NotNull(next);
    }

    [StoreFact]
    public async Task ReleaseAsync_CompletedClaim_KeepsTheRecord()
    {
        var store = await CreateStoreAsync();
        var claim = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;
        await store.CompleteAsync(claim, new StoreCompletion(Thread), CancellationToken.None);

        await store.ReleaseAsync(claim, CancellationToken.None);

        Assert.True((await store.GetManyAsync([Finding(1)], CancellationToken.None)).ContainsKey(Finding(1)));
    }

    [StoreFact]
    public async Task TryClaimAsync_GroupWithinWindow_ReturnsNullThenReopensAfterIt()
    {
        var store = await CreateStoreAsync();
        var group = StoreKey.Group("111122223333", "us-east-1", "EC2.18", Thread.Channel);
        var window = TimeSpan.FromMinutes(30);
        var first = (await store.TryClaimAsync(group, window, CancellationToken.None))!;
        await store.CompleteAsync(first, new StoreCompletion(Thread), CancellationToken.None);

        Time.Advance(TimeSpan.FromMinutes(29));
        var inside = await store.TryClaimAsync(group, window, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));
        var after = await store.TryClaimAsync(group, window, CancellationToken.None);

        Assert.Null(inside);
        Assert.NotNull(after);
        Assert.Equal(Thread, after.Previous?.Thread);
    }

    [StoreFact]
    public async Task SetStatusAsync_CompletedAndAbsent_UpdatesOnlyTheCompleted()
    {
        var store = await CreateStoreAsync();
        var claim = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;
        await store.CompleteAsync(claim, new StoreCompletion(Thread) { Status = "open" }, CancellationToken.None);

        await store.SetStatusAsync([Finding(1), Finding(2)], "resolved", CancellationToken.None);

        var found = await store.GetManyAsync([Finding(1), Finding(2)], CancellationToken.None);
        Assert.Equal("resolved", found[Finding(1)].Status);
        Assert.False(found.ContainsKey(Finding(2)));
    }

    [StoreFact]
    public async Task AddMembersAsync_TwiceWithOverlap_CountsEachFindingOnce()
    {
        var store = await CreateStoreAsync();
        var group = StoreKey.Group("111122223333", "us-east-1", "EC2.18", Thread.Channel);

        var first = await store.AddMembersAsync(Thread, group, [Finding(1), Finding(2)], CancellationToken.None);
        var second = await store.AddMembersAsync(Thread, null, [Finding(2), Finding(3)], CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(3, second);
        var thread = (await store.GetManyAsync([StoreKey.Thread(Thread)], CancellationToken.None))[StoreKey.Thread(Thread)];
        Assert.Equal([Finding(1), Finding(2), Finding(3)], thread.Members.OrderBy(m => m.Value, StringComparer.Ordinal));
        Assert.Equal(group, thread.Group);
        Assert.True(thread.Members[0].TryGetFinding(out var member));
        Assert.StartsWith("arn:aws:securityhub:us-east-1:111122223333:finding/", member.Id, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task GetManyAsync_MoreKeysThanOneBatchRead_ReturnsEveryStoredRecord()
    {
        var store = await CreateStoreAsync();
        var keys = Enumerable.Range(0, 230).Select(Finding).ToList();
        foreach (var key in keys.Where((_, i) => i % 2 == 0))
        {
            await store.TryClaimAsync(key, null, CancellationToken.None);
        }

        var found = await store.GetManyAsync(keys, CancellationToken.None);

        Assert.Equal(115, found.Count);
    }

    [StoreFact]
    public async Task GetManyAsync_PastRecordLifetime_ReadsAbsentAndMayBeClaimed()
    {
        var store = await CreateStoreAsync();
        var claim = (await store.TryClaimAsync(Finding(1), null, CancellationToken.None))!;
        await store.CompleteAsync(claim, new StoreCompletion(Thread), CancellationToken.None);
        Time.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var found = await store.GetManyAsync([Finding(1)], CancellationToken.None);
        var again = await store.TryClaimAsync(Finding(1), null, CancellationToken.None);

        Assert.Empty(found);
        Assert.NotNull(again);
    }
}

public sealed class MemoryStoreOfRecordTests : StoreOfRecordContract
{
    protected override Task<IStoreOfRecord> CreateStoreAsync() => Task.FromResult<IStoreOfRecord>(new MemoryStoreOfRecord(Options(), Time));
}

using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Store;

/// <summary>The contract against dynalite (DynamoDB's wire protocol), one table per test.</summary>
public sealed class DynamoDbStoreOfRecordTests : StoreOfRecordContract, INeedsDynalite, IDisposable
{
    private DynaliteTable? _table;

    protected override async Task<IStoreOfRecord> CreateStoreAsync()
    {
        _table = await Dynalite.CreateTableAsync("store-contract", Time, Options());
        return _table.Store();
    }

    [StoreFact]
    public async Task GetManyAsync_250Keys_ReadsInThreeRequests()
    {
        var store = await CreateStoreAsync();

        await store.GetManyAsync([.. Enumerable.Range(0, 250).Select(i => new StoreKey("finding#p#" + i))], CancellationToken.None);

        Assert.Equal(3, _table!.Requests.Of("BatchGetItem"));
        Assert.Equal(3, _table.Requests.Total);
    }

    /// <summary>deploy/ingest-stack.yaml grants exactly these four actions (IngestStackTemplateTests); this says the store sends no other.</summary>
    [StoreFact]
    public async Task EveryMethod_SendsOnlyBatchGetPutUpdateAndDelete()
    {
        var store = await CreateStoreAsync();
        var finding = new StoreKey("finding#p#1");
        var thread = new StoredThread("C1", "1.2");

        var claim = (await store.TryClaimAsync(finding, null, CancellationToken.None))!;
        await store.CompleteAsync(claim, new StoreCompletion(thread) { Status = "open" }, CancellationToken.None);
        await store.ReleaseAsync(claim, CancellationToken.None);
        await store.SetStatusAsync([finding], "resolved", CancellationToken.None);
        await store.AddMembersAsync(thread, null, [finding], CancellationToken.None);
        await store.GetManyAsync([finding], CancellationToken.None);

        Assert.Equal(["BatchGetItem", "DeleteItem", "PutItem", "UpdateItem"], _table!.Requests.ByOperation.Keys.Order(StringComparer.Ordinal));
    }

    public void Dispose() => _table?.Dispose();
}

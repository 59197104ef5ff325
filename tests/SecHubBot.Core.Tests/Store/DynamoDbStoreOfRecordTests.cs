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

    public void Dispose() => _table?.Dispose();
}

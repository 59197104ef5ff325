using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Store;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// dynalite (DynamoDB's wire protocol on loopback), started by scripts/test.sh, which exports its URL in
/// <see cref="UrlVariable"/>. Each test class makes its own table with the schema DESIGN.md §2 fixes.
/// </summary>
public static class Dynalite
{
    public const string UrlVariable = "SECHUBBOT_DYNALITE_URL";

    public static string? Url => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : null;

    /// <summary>Why a dynalite test cannot run here, or null. In CI (CI=true) a missing dynalite is a failure, never a skip.</summary>
    public static string? SkipReason =>
        Url is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? $"dynalite is not running: {UrlVariable} is unset (./scripts/test.sh starts it; or run tests/dynalite's `npx dynalite --port N` and export {UrlVariable}=http://127.0.0.1:N)"
            : null;

    /// <summary>Creates a fresh table (partition key <c>pk</c> String, on-demand) and a store over it.</summary>
    public static async Task<DynaliteTable> CreateTableAsync(string prefix, TimeProvider time, StoreOptions? options = null)
    {
        var url = Url ?? throw new InvalidOperationException($"{UrlVariable} is unset: dynalite must run for this test (CI=true never skips it). scripts/test.sh starts it.");
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 255)];
        var settings = options ?? new StoreOptions();
        settings.TableName = name;
        settings.ServiceUrl = url;
        var requests = new DynamoRequestCounter();
        var client = StoreServiceCollectionExtensions.CreateClient(
            settings, "us-east-1", AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey)),
            c => c.HttpClientFactory = requests);
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        for (var i = 0; i < 100 && (await client.DescribeTableAsync(name)).Table.TableStatus != TableStatus.ACTIVE; i++)
        {
            await Task.Delay(20);
        }

        requests.Reset();
        return new DynaliteTable(client, settings, requests, time);
    }
}

/// <summary>One test table on dynalite, its client and the requests made to it.</summary>
public sealed class DynaliteTable(AmazonDynamoDBClient client, StoreOptions options, DynamoRequestCounter requests, TimeProvider time) : IDisposable
{
    public AmazonDynamoDBClient Client => client;

    public StoreOptions Options => options;

    public DynamoRequestCounter Requests => requests;

    public string TableName => options.TableName!;

    /// <summary>A store over the table with the shared client.</summary>
    public DynamoDbStoreOfRecord Store() => new(client, TableName, options, time);

    /// <summary>A store with a client of its own (what another Lambda instance would have).</summary>
    public DynamoDbStoreOfRecord SeparateStore()
    {
        var own = StoreServiceCollectionExtensions.CreateClient(
            options, "us-east-1", AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey)),
            c => c.HttpClientFactory = requests);
        return new DynamoDbStoreOfRecord(own, TableName, options, time);
    }

    public void Dispose() => client.Dispose();
}

/// <summary>Counts the HTTP requests the SDK sends, by DynamoDB operation (the X-Amz-Target header), retries included.</summary>
public sealed class DynamoRequestCounter : HttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public int Of(string operation) => _counts.TryGetValue(operation, out var n) ? n : 0;

    public IReadOnlyDictionary<string, int> ByOperation => new Dictionary<string, int>(_counts);

    public void Reset() => _counts.Clear();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(this, new SocketsHttpHandler()));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(DynamoRequestCounter counter, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "unknown";
            counter._counts.AddOrUpdate(target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..], 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>A test that needs dynalite: skipped with the reason when it is absent outside CI; in CI it runs and fails clearly.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DynaliteFactAttribute : Xunit.FactAttribute
{
    public DynaliteFactAttribute()
    {
        Skip = Dynalite.SkipReason;
    }
}

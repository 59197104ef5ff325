using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.Store;

public static partial class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StoreOptions"/> (the <c>Store</c> section, validated at start) and the store of
    /// record: the DynamoDB table when <c>Store:TableName</c> is set, else process memory, said once in the log.
    /// Needs <c>IConfiguration</c>, <see cref="AwsOptions"/> and <see cref="AwsCredentialSource"/> registered.
    /// </summary>
    public static IServiceCollection AddStoreOfRecord(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.SectionName)
            .ValidateProblems(o => o.Problems());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStoreOfRecord>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IStoreOfRecord).Namespace!);
            if (!options.UsesTable)
            {
                LogMemoryStore(logger);
                return new MemoryStoreOfRecord(options, time);
            }

            var region = sp.GetRequiredService<AwsOptions>().Region
                ?? throw new InvalidConfigurationException("Aws:Region", "Store:TableName is set but no AWS region is: set Aws:Region (or AWS_REGION).");
            LogTableStore(logger, options.TableName!, region);
            var client = CreateClient(options, region, sp.GetRequiredService<AwsCredentialSource>());
            return new DynamoDbStoreOfRecord(client, options.TableName!, options, time);
        });
        return services;
    }

    /// <summary>A DynamoDB client with our credential source, the region, and <c>Store:ServiceUrl</c> when set.</summary>
    public static AmazonDynamoDBClient CreateClient(StoreOptions options, string region, AwsCredentialSource credentials, Action<AmazonDynamoDBConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = 4 };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = region;
        }

        configure?.Invoke(config);
        return new AmazonDynamoDBClient(new SourcedCredentials(credentials), config);
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning,
        Message = "Store of record: in-process memory (Store:TableName is unset). Threads, claims and storm groups live only in this process: fine for the CLI preview or one local Bot, not for Lambda or several replicas")]
    private static partial void LogMemoryStore(ILogger logger);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Store of record: DynamoDB table {Table} in {Region}")]
    private static partial void LogTableStore(ILogger logger, string table, string region);

    /// <summary>The SDK's credentials type over our <see cref="AwsCredentialSource"/> (one chain, resolved once, for every AWS client).</summary>
    private sealed class SourcedCredentials(AwsCredentialSource source) : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => source.GetAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => source.GetAsync(CancellationToken.None);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Store;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Ingest.Pipeline;

namespace SecHubBot.Ingest.Hosting;

/// <summary>Configuration and service wiring shared by the CLI (preview and <c>--post</c>) and the Lambda.</summary>
internal static class IngestServices
{
    /// <summary><c>Slack:BotTokenSecretArn</c>: a Secrets Manager secret holding the bot token, read at start-up when Slack:BotToken is unset.</summary>
    public const string BotTokenSecretArnKey = "Slack:BotTokenSecretArn";

    /// <summary>appsettings.json beside the executable, the conventional aliases, environment (<c>Section__Key</c>), then overrides.</summary>
    public static IConfiguration BuildConfiguration(IEnumerable<string> overrides, Func<string, string?>? getEnvironment)
    {
        var builder = new ConfigurationBuilder()
            .AddEnvironmentAliases(getEnvironment)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (getEnvironment is null)
        {
            builder.AddEnvironmentVariables();
        }

        return builder.AddCommandLine(overrides.Select(o => "--" + o).ToArray()).Build();
    }

    /// <summary>
    /// When Slack:BotToken (or SLACK_BOT_TOKEN) is unset and Slack:BotTokenSecretArn is set, reads the token from
    /// Secrets Manager and returns a configuration that holds it in memory only (never in a log or the environment).
    /// </summary>
    public static async Task<IConfiguration> ResolveBotTokenAsync(
        IConfiguration configuration, AwsCredentialSource credentials, Func<string, string?>? getEnvironment, CancellationToken cancellationToken)
    {
        var secretArn = configuration[BotTokenSecretArnKey];
        var read = getEnvironment ?? Environment.GetEnvironmentVariable;
        if (string.IsNullOrWhiteSpace(secretArn) || !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]) || !string.IsNullOrWhiteSpace(read("SLACK_BOT_TOKEN")))
        {
            return configuration;
        }

        var region = AwsOptions.From(configuration, getEnvironment).Region
            ?? (secretArn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null)
            ?? throw new InvalidConfigurationException("Aws:Region", "No AWS region to read Slack:BotTokenSecretArn from: set Aws:Region (or AWS_REGION).");
        var client = SecretsManagerClient.Create(credentials, region, configuration["SecretsManager:ServiceUrl"]);
        var token = await client.GetSecretStringAsync(secretArn, cancellationToken).ConfigureAwait(false);
        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Slack:BotToken", token)])
            .Build();
    }

    /// <summary>The pipeline and what it needs except Slack and the state store: options, filter, explainer (offline or the model, per Explain:Mode).</summary>
    public static IServiceCollection AddIngestPipeline(this IServiceCollection services, IConfiguration configuration, string channel, Func<string, string?>? getEnvironment)
    {
        var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        ingest.Validate();
        var filterOptions = configuration.GetSection(FilterOptions.SectionName).Get<FilterOptions>() ?? new FilterOptions();
        var explain = configuration.GetSection(ExplainOptions.SectionName).Get<ExplainOptions>() ?? new ExplainOptions();
        var flavor = explain.Flavor;
        services.AddSingleton(ingest);
        services.AddSingleton(FilterPolicy.FromOptions(filterOptions));
        services.TryAddSingleton(TimeProvider.System);
        services.AddFindingExplainer(configuration, _ => new OfflineExplainer(flavor), getEnvironment);
        AddStoreAndPipeline(services, configuration, ingest, channel);
        return services;
    }

    /// <summary>The store of record (DESIGN.md §2) and the pipeline parts that use it: one place, so host rewiring merges cleanly.</summary>
    private static void AddStoreAndPipeline(IServiceCollection services, IConfiguration configuration, IngestOptions ingest, string channel)
    {
        services.TryAddSingleton(configuration);
        services.AddAwsCore(configuration);
        services.AddStoreOfRecord();
        services.AddSingleton(sp => new ClaimCoordinator(sp.GetRequiredService<IStoreOfRecord>(), ingest, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ThreadPoster(
            sp.GetRequiredService<ISlackPoster>(), sp.GetRequiredService<IStoreOfRecord>(), sp.GetRequiredService<IFindingStateStore>(), channel,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestPipeline>>()));
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<FilterPolicy>(), sp.GetRequiredService<IFindingExplainer>(), sp.GetRequiredService<IFindingStateStore>(),
            sp.GetRequiredService<ClaimCoordinator>(), sp.GetRequiredService<ThreadPoster>(), ingest, channel,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestPipeline>>()));
    }

    /// <summary>Slack for real and Security Hub as the state store: what <c>--post</c> and the Lambda run.</summary>
    public static IServiceCollection AddSlackAndSecurityHub(this IServiceCollection services, IConfiguration configuration, Func<string, string?>? getEnvironment)
    {
        services.AddSlackWebApi(configuration, getEnvironment);
        services.AddSecurityHub(configuration);
        services.AddSingleton<ISlackPoster>(sp => new SlackApiPoster(sp.GetRequiredService<SlackApiClient>()));
        services.AddSingleton<IFindingStateStore>(sp => new SecurityHubStateStore(
            sp.GetRequiredService<SecurityHubClient>(), sp.GetRequiredService<ILogger<SecurityHubStateStore>>()));
        return services;
    }

    /// <summary>Fails fast, naming every missing or invalid key, before anything is posted.</summary>
    public static void ValidateForPosting(IServiceProvider services)
    {
        var problems = services.GetRequiredService<IOptions<SlackOptions>>().Value.Problems(needBotToken: true, needChannel: true).ToList();
        if (string.IsNullOrWhiteSpace(services.GetRequiredService<AwsOptions>().Region))
        {
            problems.Add("Aws:Region (or AWS_REGION) is required for Security Hub");
        }

        if (problems.Count > 0)
        {
            var key = problems[0].Split(' ', 2)[0];
            throw new InvalidConfigurationException(key, "configuration: " + string.Join("; ", problems));
        }
    }
}

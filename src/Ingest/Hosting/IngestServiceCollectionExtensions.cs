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
using SecHubBot.Core.Routing;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Store;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Ingest.Lambda;
using SecHubBot.Ingest.Pipeline;

namespace SecHubBot.Ingest.Hosting;

/// <summary>Where the pipeline's alerts go.</summary>
internal enum IngestTarget
{
    /// <summary>The CLI preview: Slack calls recorded (<see cref="RecordingSlackPoster"/>), the event is the only state, nothing written.</summary>
    Preview,

    /// <summary>The Lambda and <c>--post</c>: Slack for real, Security Hub as the state store (needs a bot token, a channel, a region).</summary>
    Slack,
}

internal static class IngestServiceCollectionExtensions
{
    /// <summary>The channel a preview shows when Slack:Channel is not configured (a preview needs no Slack).</summary>
    public const string PreviewChannel = "C0SECHUBBOT";

    /// <summary>
    /// Everything the Lambda loop, the CLI preview and <c>--post</c> run: options (validated at start-up, each
    /// problem naming its key), filter, explainer (offline or the model, per Explain:Mode), pipeline and the
    /// Lambda's invocation handler. Services registered before this call (test credentials, a poster) win.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration, IngestTarget target)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateProblems(o => o.Problems());
        services.AddOptions<FilterOptions>().BindConfiguration(FilterOptions.SectionName).ValidateProblems(o => o.Problems());
        services.AddSingleton(sp => FilterPolicy.FromOptions(sp.GetRequiredService<IOptions<FilterOptions>>().Value));
        services.AddFindingExplainer(configuration, sp => new OfflineExplainer(sp.GetRequiredService<IOptions<ExplainOptions>>().Value.Flavor));

        if (target == IngestTarget.Slack)
        {
            services.AddSlackWebApi();
            services.AddSecurityHub();
            services.AddOptions<SlackOptions>().ValidateProblems(o => o.Problems(needBotToken: true, needChannel: true));
            services.AddOptions<AwsOptions>().ValidateProblems(o => o.Problems("Security Hub is regional"));
            services.AddSingleton<IPostConfigureOptions<SlackOptions>, SlackBotTokenFromSecretsManager>();
            services.TryAddSingleton<ISlackPoster>(sp => new SlackApiPoster(sp.GetRequiredService<SlackApiClient>()));
            services.TryAddSingleton<IFindingStateStore>(sp => new SecurityHubStateStore(
                sp.GetRequiredService<SecurityHubClient>(), sp.GetRequiredService<ILogger<SecurityHubStateStore>>()));
        }
        else
        {
            services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName).ValidateProblems(o => o.Problems(needBotToken: false));
            services.TryAddSingleton<RecordingSlackPoster>();
            services.TryAddSingleton<ISlackPoster>(sp => sp.GetRequiredService<RecordingSlackPoster>());
            services.TryAddSingleton<IFindingStateStore, EventOnlyStateStore>();

            // The preview never touches the table, even when Store:TableName is set: its decisions are from the event alone.
            services.TryAddSingleton<IStoreOfRecord>(sp => new MemoryStoreOfRecord(new StoreOptions(), sp.GetRequiredService<TimeProvider>()));
        }

        services.AddAwsCore();
        services.AddStoreOfRecord();

        // Ingest never acts on a finding, so no approvers: it only needs the channel and the rules' flavours.
        services.AddAlertRouting(configuration, sp => new RouteDefaults(
            ChannelOf(sp, target), sp.GetRequiredService<IOptions<ExplainOptions>>().Value.Flavor, []));

        services.AddSingleton(sp => new ClaimCoordinator(
            sp.GetRequiredService<IStoreOfRecord>(), sp.GetRequiredService<IOptions<IngestOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ThreadPoster(
            sp.GetRequiredService<ISlackPoster>(), sp.GetRequiredService<IStoreOfRecord>(), sp.GetRequiredService<IFindingStateStore>(),
            sp.GetRequiredService<AccountNames>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestPipeline>>()));
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<FilterPolicy>(), sp.GetRequiredService<IFindingExplainer>(), sp.GetRequiredService<IFindingStateStore>(),
            sp.GetRequiredService<ClaimCoordinator>(), sp.GetRequiredService<ThreadPoster>(), sp.GetRequiredService<IOptions<IngestOptions>>().Value,
            sp.GetRequiredService<AlertRouter>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestPipeline>>()));
        services.AddSingleton(sp => new IngestInvocationHandler(
            sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<IOptions<IngestOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<IngestInvocationHandler>>()));
        return services;
    }

    private static string ChannelOf(IServiceProvider services, IngestTarget target)
    {
        var channel = services.GetRequiredService<IOptions<SlackOptions>>().Value.Channel;
        return string.IsNullOrWhiteSpace(channel) && target == IngestTarget.Preview ? PreviewChannel : channel ?? string.Empty;
    }
}

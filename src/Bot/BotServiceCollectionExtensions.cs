using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Handlers;
using SecHubBot.Bot.Health;
using SecHubBot.Bot.Transport;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Routing;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Store;
using SecHubBot.Bot.Transport.SocketMode;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>How long SIGTERM waits for in-flight answers and actions; the chart's grace period is 30 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Everything the Bot runs: Slack Web API, Socket Mode (used when <c>Slack:AppToken</c> is set), Security Hub,
    /// the explainer and chat model, the dispatcher and one handler per event, action, view and command. Options
    /// are validated at startup; a bad configuration stops the host with messages naming the keys.
    /// Register test doubles (an <see cref="AwsCredentialSource"/>) before calling this.
    /// </summary>
    public static IServiceCollection AddSecHubBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // OpenTelemetry (OTLP when configured): our Meter and ActivitySource, incoming requests, outgoing HTTP, GenAI calls.
        services.AddSecHubBotTelemetry(configuration, "sechubbot-bot", tracing: t => t.AddAspNetCoreInstrumentation());
        services.AddSlackWebApi();
        services.AddSlackSocketMode();
        services.AddSecurityHub();

        // Threads, group members and the status we last wrote: shared with Ingest (DynamoDB), or this process's memory.
        services.AddStoreOfRecord();

        // The handlers are singletons that keep their typed clients, so the clients' connections are
        // recycled instead: a pod running for weeks still follows DNS changes of Slack and AWS endpoints.
        services.AddHttpClient(nameof(SlackApiClient))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = PooledConnectionLifetime });
        services.AddHttpClient(nameof(SecurityHubClient))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = PooledConnectionLifetime });
        services.AddFindingExplainer(configuration, sp => new OfflineExplainer(sp.GetRequiredService<IOptions<ExplainOptions>>().Value.Flavor));
        services.AddSingleton(sp => sp.GetService<BedrockChatClientFactory>() is { } factory
            ? new FollowUpModel(factory.CreateChatClient(), factory.Options.ChatModel, factory.Options.ChatMaxOutputTokens)
            : new FollowUpModel(null, null, 0));

        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName).ValidateProblems(o => o.Problems());
        services.AddOptions<SlackOptions>().ValidateProblems(o =>
        {
            var socketMode = !string.IsNullOrWhiteSpace(o.AppToken);
            return o.Problems(needBotToken: true, needAppToken: socketMode, needSigningSecret: !socketMode);
        });
        services.AddOptions<AwsOptions>().ValidateProblems(o => o.Problems("Security Hub is regional"));
        services.AddOptions<AuthorizationOptions>()
            .Configure<IConfiguration>((o, config) =>
            {
                // A list or one comma- or space-separated string (the Helm chart writes the latter).
                IReadOnlyList<string> Ids(string key)
                {
                    var section = config.GetSection(AuthorizationOptions.SectionName + ":" + key);
                    return AuthorizationOptions.Parse([section.Value, .. section.GetChildren().Select(c => c.Value)]);
                }

                o.Approvers = Ids("Approvers");
                o.Viewers = Ids("Viewers");
                if (config.GetValue<TimeSpan?>(AuthorizationOptions.SectionName + ":GroupCacheDuration") is { } cache)
                {
                    o.GroupCacheDuration = cache;
                }
            })
            .ValidateProblems(o => o.Problems());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        services.AddSingleton<InFlightWork>();
        services.AddMetrics();
        services.AddSingleton<BotMetrics>();
        services.AddSingleton<SlackDispatcher>();
        services.AddSingleton<ISlackRequestHandler>(sp => ActivatorUtilities.CreateInstance<DuplicateRequestFilter>(sp, sp.GetRequiredService<SlackDispatcher>()));
        services.AddSingleton<SocketModeTransport>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketModeTransport>());

        services.AddAlertRouting(configuration, sp => new RouteDefaults(
            sp.GetRequiredService<IOptions<SlackOptions>>().Value.Channel ?? string.Empty,
            sp.GetRequiredService<IOptions<ExplainOptions>>().Value.Flavor,
            sp.GetRequiredService<IOptions<AuthorizationOptions>>().Value.Approvers));
        services.AddSingleton<ApproverPolicy>();
        services.AddSingleton<RouteApprovers>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<AlertThreadReader>();
        services.AddSingleton<Transport.Http.SignatureReplayGuard>();
        services.AddSingleton<Transport.Http.UnverifiedBodyGate>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ThreadAnswers>();
        services.AddSingleton<InterimUpdateBudget>();
        services.AddSingleton<FollowUpResponder>();
        services.AddNativeAnswers();
        services.AddSingleton<AlertMembers>();
        services.AddSingleton<FindingStatusWriter>();
        services.AddSingleton<AlertActionApplier>();

        services.AddSingleton<IEventHandler, ThreadReplyHandler>();
        services.AddSingleton<IEventHandler, AppMentionHandler>();
        services.AddSingleton<IBlockActionHandler, AlertActionButtonHandler>();
        services.AddSingleton<IBlockActionHandler, OpenConsoleButtonHandler>();
        services.AddSingleton<IViewSubmissionHandler, ReasonModalSubmissionHandler>();
        services.AddSingleton<ISlashCommandHandler, SlashCommandHandler>();
        return services;
    }

    /// <summary>/healthz, /readyz and, in HTTP mode, POST /slack/events, /slack/interactions, /slack/commands.</summary>
    public static WebApplication MapSecHubBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthEndpoints();
        app.MapSlackHttpEndpoints();
        return app;
    }
}

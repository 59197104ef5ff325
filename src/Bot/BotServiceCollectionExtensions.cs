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
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Requests;
using SecHubBot.Core.Slack.SocketMode;
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
        services.AddSlackWebApi(configuration);
        services.AddSlackSocketMode(configuration);
        services.AddSecurityHub(configuration);

        // The handlers are singletons that keep their typed clients, so the clients' connections are
        // recycled instead: a pod running for weeks still follows DNS changes of Slack and AWS endpoints.
        services.AddHttpClient(nameof(SlackApiClient))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = PooledConnectionLifetime });
        services.AddHttpClient(nameof(SecurityHubClient))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = PooledConnectionLifetime });
        services.AddFindingExplainer(configuration, sp => new OfflineExplainer(sp.GetRequiredService<ExplainOptions>().Flavor));
        services.AddSingleton(sp => sp.GetService<BedrockChatClientFactory>() is { } factory
            ? new FollowUpModel(factory.CreateChatClient(), factory.Options.ChatModel, factory.Options.ChatMaxOutputTokens)
            : new FollowUpModel(null, null, 0));

        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();
        services.AddOptions<AuthorizationOptions>()
            .Configure(o =>
            {
                var approvers = configuration.GetSection(AuthorizationOptions.SectionName + ":Approvers");
                o.Approvers = AuthorizationOptions.Parse([approvers.Value, .. approvers.GetChildren().Select(c => c.Value)]);
                if (configuration.GetValue<TimeSpan?>(AuthorizationOptions.SectionName + ":GroupCacheDuration") is { } cache)
                {
                    o.GroupCacheDuration = cache;
                }
            })
            .Validate(o => o.Problems().Count == 0, "Authorization:Approvers must list Slack user ids (U…/W…) and user-group ids (S…)")
            .ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        services.AddSingleton<InFlightWork>();
        services.AddSingleton<BotMetrics>();
        services.AddSingleton<SlackDispatcher>();
        services.AddSingleton<ISlackRequestHandler>(sp => sp.GetRequiredService<SlackDispatcher>());
        services.AddSingleton<SocketModeTransport>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketModeTransport>());

        services.AddSingleton<ApproverPolicy>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ThreadAnswers>();
        services.AddSingleton<InterimUpdateBudget>();
        services.AddSingleton<FollowUpResponder>();
        services.AddNativeAnswers();
        services.AddSingleton<FindingActionApplier>();
        services.AddSingleton<GroupActionApplier>();

        services.AddSingleton<IEventHandler, ThreadReplyHandler>();
        services.AddSingleton<IEventHandler, AppMentionHandler>();
        services.AddSingleton<IBlockActionHandler, ResolveButtonHandler>();
        services.AddSingleton<IBlockActionHandler, SuppressButtonHandler>();
        services.AddSingleton<IBlockActionHandler, ReopenButtonHandler>();
        services.AddSingleton<IBlockActionHandler, ResolveGroupButtonHandler>();
        services.AddSingleton<IBlockActionHandler, SuppressGroupButtonHandler>();
        services.AddSingleton<IBlockActionHandler, ReopenGroupButtonHandler>();
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

    private sealed class BotOptionsValidator(IOptions<SlackOptions> slack, AwsOptions aws) : IValidateOptions<BotOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotOptions options)
        {
            var problems = BotOptions.AllProblems(options, slack.Value, aws);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

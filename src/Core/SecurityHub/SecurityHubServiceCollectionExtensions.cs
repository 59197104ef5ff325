using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.SecurityHub;

public static partial class SecurityHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecurityHubClient"/> as a typed HttpClient: retries with exponential backoff
    /// and jitter outside, SigV4 signing inside (so every attempt is signed afresh). Needs <c>Aws:Region</c>;
    /// the host validates that it is set; credentials come from <see cref="AwsCredentialSource"/> (the default chain unless one is registered first).
    /// </summary>
    public static IServiceCollection AddSecurityHub(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAwsCore();
        services.AddOptions<SecurityHubOptions>().BindConfiguration(SecurityHubOptions.SectionName).ValidateProblems(o => o.Problems());

        var client = services.AddHttpClient<SecurityHubClient>((sp, http) =>
            {
                var region = sp.GetRequiredService<AwsOptions>().RequireRegion();
                http.BaseAddress = sp.GetRequiredService<IOptions<SecurityHubOptions>>().Value.ResolveEndpoint(region);

                // Polly owns the time budget per attempt; the HttpClient's own timeout would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        // Handlers run in the order added: retries outside, signing inside, so every attempt is signed afresh.
        client.AddResilienceHandler("securityhub", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<SecurityHubOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<SecurityHubClient>();
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException } => true,
                        { Exception: OperationCanceledException } when !args.Context.CancellationToken.IsCancellationRequested => true,
                        { Result: { } response } => AwsTransientErrors.IsTransient(response),
                        _ => false,
                    }),
                    OnRetry = args =>
                    {
                        var operation = args.Outcome.Result?.RequestMessage?.Options.TryGetValue(SecurityHubClient.OperationKey, out var op) == true ? op : "request";
                        var reason = args.Outcome.Result is { } r
                            ? $"HTTP {(int)r.StatusCode} {SecurityHubClient.ErrorCodeOf(r)}".TrimEnd()
                            : args.Outcome.Exception?.GetType().Name ?? "unknown";
                        Log.Retrying(logger, operation, args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        client.AddHttpMessageHandler(sp =>
            new AwsSigV4Handler(new AwsRequestSigner(
                sp.GetRequiredService<AwsCredentialSource>(), sp.GetRequiredService<AwsOptions>().RequireRegion(), "securityhub")));
        return services;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Security Hub {Operation}: retry {Attempt} after {Reason}, waiting {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, string operation, int attempt, string reason, double delayMs);
    }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Aws;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Builds <see cref="IChatClient"/>s for Claude on Bedrock (<see cref="BedrockChatClient"/>), signed with
/// SigV4 from <see cref="AwsCredentialSource"/> (so the same chain as Security Hub: environment,
/// profile, SSO, web identity, Pod Identity, container metadata). Every client it makes shares one
/// connection pool, built on first use.
/// </summary>
public sealed class BedrockChatClientFactory(
    AwsCredentialSource credentials, AwsOptions aws, BedrockOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
{
    // Connections are recycled so a long-running Bot follows DNS changes of the regional endpoint.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    // A ceiling for one attempt up to its response headers; the callers' own timeouts are shorter.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);

    private readonly Lazy<HttpClient> _http = new(() => CreateHttpClient(credentials, aws.RequireRegion()));

    public BedrockOptions Options => options;

    /// <summary>Backoff for throttling and server errors; tests shorten it.</summary>
    internal BedrockRetryPolicy Retry { get; init; } = BedrockRetryPolicy.Standard(options.MaxRetries);

    /// <summary>A client for alert explanations (<c>Bedrock:AlertModel</c>).</summary>
    public IChatClient CreateAlertClient() => Create(options.AlertModel, options.AlertMaxOutputTokens);

    /// <summary>A client for thread answers (<c>Bedrock:ChatModel</c>).</summary>
    public IChatClient CreateChatClient() => Create(options.ChatModel, options.ChatMaxOutputTokens);

    public IChatClient Create(string modelId, int maxOutputTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var endpoint = string.IsNullOrWhiteSpace(options.ServiceUrl)
            ? new Uri($"https://bedrock-runtime.{aws.RequireRegion()}.amazonaws.com/")
            : new Uri(options.ServiceUrl);
        var client = new BedrockChatClient(
            _http.Value, endpoint, modelId, maxOutputTokens, Retry, time, loggerFactory?.CreateLogger<BedrockChatClient>());

        // OpenTelemetry's GenAI conventions (token usage, operation duration, spans) by wrapping, as M.E.AI intends;
        // prompts and answers are not recorded (EnableSensitiveData stays off).
        return client.AsBuilder().UseOpenTelemetry(sourceName: SecHubBot.Core.Telemetry.SecHubBotTelemetry.Name).Build();
    }

    private static HttpClient CreateHttpClient(AwsCredentialSource credentials, string region)
    {
        // The signer sits innermost, so the client's retries (outside it) are each signed afresh; no redirects,
        // since a redirected request would carry a signature made for another URL.
        var signer = new AwsSigV4Handler(new AwsRequestSigner(credentials, region, "bedrock"))
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = PooledConnectionLifetime },
        };
        return new HttpClient(signer) { Timeout = AttemptTimeout };
    }
}

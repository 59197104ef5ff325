using Anthropic;
using Anthropic.Bedrock;
using Microsoft.Extensions.AI;
using SecHubBot.Core.Aws;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Builds <see cref="IChatClient"/>s for Claude on Bedrock through Anthropic.Bedrock, signed with
/// SigV4 from <see cref="AwsCredentialSource"/> (so the same chain as Security Hub: environment,
/// profile, SSO, web identity, Pod Identity, container metadata).
/// </summary>
public sealed class BedrockChatClientFactory(AwsCredentialSource credentials, AwsOptions aws, BedrockOptions options)
{
    public BedrockOptions Options => options;

    /// <summary>A client for alert explanations (<c>Bedrock:AlertModel</c>).</summary>
    public IChatClient CreateAlertClient() => Create(options.AlertModel, options.AlertMaxOutputTokens);

    /// <summary>A client for thread answers (<c>Bedrock:ChatModel</c>).</summary>
    public IChatClient CreateChatClient() => Create(options.ChatModel, options.ChatMaxOutputTokens);

    public IChatClient Create(string modelId, int maxOutputTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var signer = new AwsRequestSigner(credentials, aws.RequireRegion(), "bedrock");
        IAnthropicClient client = new AnthropicBedrockClient(new SigV4BedrockCredentials(signer));
        client = client.WithOptions(o => o with
        {
            BaseUrl = string.IsNullOrWhiteSpace(options.ServiceUrl) ? o.BaseUrl : options.ServiceUrl.TrimEnd('/'),
            MaxRetries = Math.Max(0, options.MaxRetries),

            // Anthropic.Bedrock 1.0.6 copies this header into the body's anthropic_version; without it the
            // body carries the core SDK's dated API version instead of the value AWS documents.
            ExtraHeaders = new Dictionary<string, string> { ["anthropic-version"] = BedrockOptions.AnthropicVersion },
        });
        // OpenTelemetry's GenAI conventions (token usage, operation duration, spans) by wrapping, as M.E.AI intends;
        // prompts and answers are not recorded (EnableSensitiveData stays off).
        return client.AsIChatClient(modelId, maxOutputTokens).AsBuilder().UseOpenTelemetry(sourceName: SecHubBot.Core.Telemetry.SecHubBotTelemetry.Name).Build();
    }

    /// <summary>Signs each request (retries included) with AWSSDK.Core's SigV4 signer for service "bedrock".</summary>
    private sealed class SigV4BedrockCredentials(AwsRequestSigner signer) : IAnthropicBedrockCredentials
    {
        public string Region => signer.Region;

        public Task Apply(HttpRequestMessage requestMessage) => signer.SignAsync(requestMessage, CancellationToken.None);
    }
}

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>The <c>Bedrock</c> configuration section.</summary>
public sealed class BedrockOptions
{
    public const string SectionName = "Bedrock";

    /// <summary>
    /// Alerts: Claude Haiku 4.5 through the global cross-region inference profile. Explanations are
    /// cached per control, but a first import still asks about many distinct controls and every
    /// Inspector CVE is its own key, so speed and price per call matter; Haiku 4.5 writes this
    /// structured, short answer well. "global." is valid from every commercial source region; pick
    /// a "us."/"eu."/"apac." profile to keep inference inside one geography.
    /// </summary>
    public const string DefaultAlertModel = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    /// <summary>Thread follow-ups: Claude Sonnet 4.5 (global profile). A person is waiting on an open question over a whole thread; quality wins, and streaming hides latency.</summary>
    public const string DefaultChatModel = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    /// <summary>The body value AWS documents for Anthropic models on Bedrock.</summary>
    public const string AnthropicVersion = "bedrock-2023-05-31";

    /// <summary><c>Bedrock:ServiceUrl</c>: overrides https://bedrock-runtime.{region}.amazonaws.com (tests, VPC endpoints).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary><c>Bedrock:AlertModel</c>: model or inference-profile id for alert explanations.</summary>
    public string AlertModel { get; set; } = DefaultAlertModel;

    /// <summary><c>Bedrock:ChatModel</c>: model or inference-profile id for thread answers.</summary>
    public string ChatModel { get; set; } = DefaultChatModel;

    /// <summary>Bounds the alert answer so it fits the parent alert and the first thread reply.</summary>
    public int AlertMaxOutputTokens { get; set; } = 1500;

    public int ChatMaxOutputTokens { get; set; } = 2048;

    /// <summary>The whole alert explanation, retries included; past it the offline text stands in.</summary>
    public TimeSpan AlertTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Anthropic SDK's own retries (429, 408, 409, 5xx, connection errors) with backoff; each attempt is signed afresh.</summary>
    public int MaxRetries { get; set; } = 2;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(AlertModel))
        {
            yield return "Bedrock:AlertModel must name a model or inference profile";
        }

        if (string.IsNullOrWhiteSpace(ChatModel))
        {
            yield return "Bedrock:ChatModel must name a model or inference profile";
        }

        if (ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return $"Bedrock:ServiceUrl \"{url}\" is not an absolute URL";
        }

        if (AlertMaxOutputTokens < 256)
        {
            yield return "Bedrock:AlertMaxOutputTokens must be at least 256";
        }

        if (ChatMaxOutputTokens < 256)
        {
            yield return "Bedrock:ChatMaxOutputTokens must be at least 256";
        }
    }
}

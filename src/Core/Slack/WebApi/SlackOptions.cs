namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The <c>Slack</c> configuration section (DESIGN.md §3). Secrets are never printed: <see cref="ToString"/>
/// says only whether each one is set.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>xoxb- token for every Web API call except apps.connections.open.</summary>
    public string? BotToken { get; set; }

    /// <summary>xapp- token; its presence selects Socket Mode. Only apps.connections.open accepts it.</summary>
    public string? AppToken { get; set; }

    /// <summary>HTTP mode: the secret that signs every request Slack sends us.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Tests and local fakes point this at loopback.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Default alert channel (an ID, not a name).</summary>
    public string? Channel { get; set; }

    /// <summary>Ingest: a Secrets Manager secret holding the bot token, read at start-up when <see cref="BotToken"/> is unset.</summary>
    public string? BotTokenSecretArn { get; set; }

    /// <summary>
    /// Gap between two chat.postMessage calls to one channel. Slack allows "1 message per second to a
    /// specific channel" with short bursts; pacing ourselves keeps a storm of alerts whole and in order.
    /// </summary>
    public TimeSpan PostMessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times one call is retried after HTTP 429 before it fails.</summary>
    public int MaxRateLimitRetries { get; set; } = 8;

    /// <summary>Wait used when a 429 comes without a usable Retry-After header.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);

    /// <summary>
    /// The configuration keys that are missing or invalid for what the host needs, each with why; empty when all is well.
    /// Hosts call this at startup and fail fast with the list.
    /// </summary>
    public IReadOnlyList<string> Problems(bool needBotToken, bool needAppToken = false, bool needSigningSecret = false, bool needChannel = false)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add("Slack:ApiBaseUrl must be an absolute http(s) URL");
        }

        if (needBotToken && string.IsNullOrWhiteSpace(BotToken))
        {
            problems.Add("Slack:BotToken (or SLACK_BOT_TOKEN) is required");
        }
        else if (needBotToken && !BotToken!.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            problems.Add("Slack:BotToken must be a bot token (xoxb-...)");
        }

        if (needAppToken && string.IsNullOrWhiteSpace(AppToken))
        {
            problems.Add("Slack:AppToken (or SLACK_APP_TOKEN) is required for Socket Mode");
        }
        else if (needAppToken && !AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
        {
            problems.Add("Slack:AppToken must be an app-level token (xapp-...) with connections:write");
        }

        if (needSigningSecret && string.IsNullOrWhiteSpace(SigningSecret))
        {
            problems.Add("Slack:SigningSecret (or SLACK_SIGNING_SECRET) is required for HTTP mode");
        }

        if (needChannel && string.IsNullOrWhiteSpace(Channel))
        {
            problems.Add("Slack:Channel is required (a channel ID such as C0123456789)");
        }

        if (PostMessageInterval < TimeSpan.Zero)
        {
            problems.Add("Slack:PostMessageInterval must not be negative");
        }

        if (MaxRateLimitRetries < 0)
        {
            problems.Add("Slack:MaxRateLimitRetries must not be negative");
        }

        return problems;
    }

    public override string ToString() =>
        $"SlackOptions {{ ApiBaseUrl = {ApiBaseUrl}, Channel = {Channel}, BotToken = {Presence(BotToken)}, AppToken = {Presence(AppToken)}, SigningSecret = {Presence(SigningSecret)} }}";

    private static string Presence(string? secret) => string.IsNullOrEmpty(secret) ? "(unset)" : "(set)";
}

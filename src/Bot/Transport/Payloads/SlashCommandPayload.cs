namespace SecHubBot.Bot.Transport.Payloads;

/// <summary>A slash command's fields (HTTP mode posts them as a form, Socket Mode as JSON).</summary>
/// <remarks>https://docs.slack.dev/interactivity/implementing-slash-commands</remarks>
public sealed record SlashCommandPayload : SlackPayload
{
    public string? Command { get; init; }

    public string? Text { get; init; }

    public string? UserId { get; init; }

    public string? ChannelId { get; init; }

    /// <summary>For views.open; valid for 3 seconds after Slack sent it.</summary>
    public string? TriggerId { get; init; }

    public string? ResponseUrl { get; init; }

    /// <summary>Where to answer (up to 5 times in 30 minutes); null when absent or not an absolute URL.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Uri? ResponseUri => Uri.TryCreate(ResponseUrl, UriKind.Absolute, out var url) ? url : null;
}

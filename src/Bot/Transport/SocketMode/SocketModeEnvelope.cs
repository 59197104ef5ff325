using System.Text.Json;

namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// One frame from the Socket Mode server: <c>hello</c>, <c>disconnect</c>, or an envelope
/// (<c>events_api</c>, <c>interactive</c>, <c>slash_commands</c>) carrying the same payload HTTP mode would POST.
/// retry_attempt/retry_reason appear on events_api only.
/// </summary>
/// <remarks>https://docs.slack.dev/apis/events-api/using-socket-mode</remarks>
public sealed record SocketModeEnvelope
{
    public const string Hello = "hello";
    public const string Disconnect = "disconnect";
    public const string EventsApi = "events_api";
    public const string Interactive = "interactive";
    public const string SlashCommands = "slash_commands";

    public required string Type { get; init; }

    public string? EnvelopeId { get; init; }

    public JsonElement? Payload { get; init; }

    public bool AcceptsResponsePayload { get; init; }

    public int RetryAttempt { get; init; }

    public string? RetryReason { get; init; }

    /// <summary>For <c>disconnect</c>: see <see cref="SocketModeDisconnectReason"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Reads a frame; null when it is not a JSON object with a string <c>type</c> (or a field has an unexpected kind).</summary>
    public static SocketModeEnvelope? Parse(ReadOnlySpan<byte> frame)
    {
        try
        {
            return JsonSerializer.Deserialize(frame, SlackTransportJson.Default.SocketModeEnvelope) is { Type: not null } envelope ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

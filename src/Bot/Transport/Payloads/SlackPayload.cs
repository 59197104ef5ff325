using System.Text.Json;

namespace SecHubBot.Bot.Transport.Payloads;

/// <summary>
/// What one Slack request carries, decoded once by the transport into a small typed record (source-generated
/// JSON), so no handler reads JSON. Slack omits what does not apply, so every field may be null. A body we do
/// not model, or cannot read (a field of an unexpected JSON kind), is an <see cref="OtherPayload"/>: acked and dropped.
/// </summary>
public abstract record SlackPayload
{
    /// <summary>Body <c>type</c>: <c>event_callback</c>, <c>block_actions</c>, <c>view_submission</c>, ...; null for slash commands.</summary>
    public string? Type { get; init; }

    public static SlackPayload Decode(SlackRequestKind kind, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return new OtherPayload();
        }

        string? type = null;
        try
        {
            type = body.Deserialize(SlackTransportJson.Default.OtherPayload)?.Type;
            SlackPayload? payload = (kind, type) switch
            {
                (SlackRequestKind.EventsApi, "event_callback") => body.Deserialize(SlackTransportJson.Default.EventCallbackPayload),
                (SlackRequestKind.Interactive, "block_actions") => body.Deserialize(SlackTransportJson.Default.BlockActionsPayload),
                (SlackRequestKind.Interactive, "view_submission") => body.Deserialize(SlackTransportJson.Default.ViewSubmissionPayload),
                (SlackRequestKind.SlashCommand, _) => body.Deserialize(SlackTransportJson.Default.SlashCommandPayload),
                _ => null,
            };
            return payload ?? new OtherPayload { Type = type };
        }
        catch (JsonException)
        {
            return new OtherPayload { Type = type, Unreadable = true };
        }
    }
}

/// <summary>A request no handler models (app_rate_limited, view_closed, shortcuts, ...), or one that could not be read.</summary>
public sealed record OtherPayload : SlackPayload
{
    /// <summary>True when the body had a field of an unexpected JSON kind.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Unreadable { get; init; }
}

/// <summary>A Slack object that is only referenced by its id here (<c>user</c>, <c>channel</c>).</summary>
public sealed record SlackObjectRef
{
    public string? Id { get; init; }

    /// <summary>On a user: the workspace the user belongs to (differs from the payload's team in shared channels).</summary>
    public string? TeamId { get; init; }
}

/// <summary>The Events API's one-time url_verification handshake (HTTP mode): answer with the challenge.</summary>
/// <remarks>https://docs.slack.dev/reference/events/url_verification</remarks>
public sealed record UrlVerificationPayload : SlackPayload
{
    public string? Challenge { get; init; }
}

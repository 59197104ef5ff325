using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Slack;

/// <summary>
/// Realistic request bodies, shaped like Slack's, for Socket Mode envelopes and HTTP-mode posts.
/// Each returns the payload; <c>SocketMode.SendEventAsync(SlackFakePayloads.Message(...))</c> delivers it.
/// </summary>
public static class SlackFakePayloads
{
    /// <summary>An Events API event_callback around <paramref name="innerEvent"/>; <paramref name="eventId"/> stays the same across Slack's retries.</summary>
    public static JsonElement EventCallback(JsonObject innerEvent, string? eventId = null) => ToElement(new JsonObject
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = SlackFake.TeamId,
        ["api_app_id"] = SlackFake.AppId,
        ["event"] = innerEvent,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? "Ev" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = SlackFake.TeamId, ["user_id"] = SlackFake.BotUserId, ["is_bot"] = true }),
    });

    /// <summary>A person's message event, in a thread when <paramref name="threadTs"/> is set.</summary>
    public static JsonElement Message(string channel, string text, string? threadTs = null, string user = "U0PERSON", string? ts = null, string? eventId = null)
    {
        var inner = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = channel,
            ["user"] = user,
            ["text"] = text,
            ["ts"] = ts ?? $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Random.Shared.Next(1, 999_999):D6}",
            ["channel_type"] = "channel",
        };
        if (threadTs is not null)
        {
            inner["thread_ts"] = threadTs;
        }

        return EventCallback(inner, eventId);
    }

    /// <summary>A block_actions payload: a button click on a message.</summary>
    public static JsonElement BlockAction(string actionId, string value, string channel, string messageTs, string user = "U0PERSON", Uri? responseUrl = null, string? triggerId = null, string? blockId = null) =>
        ToElement(new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "person", ["team_id"] = SlackFake.TeamId },
            ["api_app_id"] = SlackFake.AppId,
            ["team"] = new JsonObject { ["id"] = SlackFake.TeamId },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = triggerId ?? NewTriggerId(),
            ["channel"] = new JsonObject { ["id"] = channel },
            ["message"] = new JsonObject { ["type"] = "message", ["ts"] = messageTs },
            ["response_url"] = responseUrl?.ToString() ?? "https://hooks.slack.test/actions/none",
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = actionId,
                ["block_id"] = blockId ?? "actions",
                ["value"] = value,
                ["action_ts"] = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.000100",
            }),
        });

    /// <summary>A view_submission payload; <paramref name="values"/> maps block_id → action_id → plain text value.</summary>
    public static JsonElement ViewSubmission(string callbackId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values, string? privateMetadata = null, string user = "U0PERSON")
    {
        var state = new JsonObject();
        foreach (var (blockId, actions) in values)
        {
            var block = new JsonObject();
            foreach (var (actionId, text) in actions)
            {
                block[actionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text };
            }

            state[blockId] = block;
        }

        return ToElement(new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "person", ["team_id"] = SlackFake.TeamId },
            ["api_app_id"] = SlackFake.AppId,
            ["team"] = new JsonObject { ["id"] = SlackFake.TeamId },
            ["trigger_id"] = NewTriggerId(),
            ["view"] = new JsonObject
            {
                ["id"] = "V0FAKE",
                ["type"] = "modal",
                ["callback_id"] = callbackId,
                ["private_metadata"] = privateMetadata ?? string.Empty,
                ["state"] = new JsonObject { ["values"] = state },
            },
        });
    }

    /// <summary>A slash command's fields, as Socket Mode delivers them (HTTP mode form-encodes the same fields).</summary>
    public static JsonElement SlashCommand(string command, string text, string channel = SlackFake.DefaultChannel, string user = "U0PERSON", Uri? responseUrl = null) =>
        ToElement(new JsonObject
        {
            ["token"] = "legacy-verification-token",
            ["team_id"] = SlackFake.TeamId,
            ["team_domain"] = "fake",
            ["channel_id"] = channel,
            ["channel_name"] = "alerts",
            ["user_id"] = user,
            ["user_name"] = "person",
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = SlackFake.AppId,
            ["response_url"] = responseUrl?.ToString() ?? "https://hooks.slack.test/commands/none",
            ["trigger_id"] = NewTriggerId(),
        });

    /// <summary>The url_verification body Slack posts when an Events API URL is saved.</summary>
    public static string UrlVerification(string challenge) =>
        new JsonObject { ["token"] = "legacy-verification-token", ["challenge"] = challenge, ["type"] = "url_verification" }.ToJsonString();

    /// <summary>A JSON payload as HTTP mode posts interactions: <c>payload=</c> form field.</summary>
    public static string AsInteractionForm(JsonElement payload) => "payload=" + Uri.EscapeDataString(payload.GetRawText());

    /// <summary>Slash command fields as HTTP mode posts them: a urlencoded form.</summary>
    public static string AsSlashCommandForm(JsonElement fields) =>
        string.Join('&', fields.EnumerateObject().Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value.GetString() ?? string.Empty)));

    internal static string? TypeOf(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static string NewTriggerId() => $"{Random.Shared.Next(1000, 9999)}.{Random.Shared.Next(1000, 9999)}.{Guid.NewGuid():N}";

    private static JsonElement ToElement(JsonObject json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return document.RootElement.Clone();
    }
}

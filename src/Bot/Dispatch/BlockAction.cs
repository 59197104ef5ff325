using System.Text.Json;

namespace SecHubBot.Bot.Dispatch;

/// <summary>The parts of a block_actions payload the handlers use: who clicked what, where.</summary>
/// <remarks>https://docs.slack.dev/reference/interaction-payloads/block_actions-payload</remarks>
public sealed record BlockAction(
    string ActionId,
    string? Value,
    string UserId,
    string? Channel,
    string? MessageTs,
    string? ThreadTs,
    string? TriggerId,
    Uri? ResponseUrl)
{
    /// <summary>Reads the first action of a block_actions payload; null if it is not one.</summary>
    public static BlockAction? From(JsonElement body)
    {
        if (Json.String(body, "type") != "block_actions"
            || !body.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            return null;
        }

        var action = actions[0];
        var actionId = Json.String(action, "action_id");
        var user = body.TryGetProperty("user", out var u) ? Json.String(u, "id") : null;
        if (actionId is null || user is null)
        {
            return null;
        }

        var container = body.TryGetProperty("container", out var c) ? c : default;
        var message = body.TryGetProperty("message", out var m) ? m : default;
        var channel = Json.String(container, "channel_id") ?? (body.TryGetProperty("channel", out var ch) ? Json.String(ch, "id") : null);
        var responseUrl = Json.String(body, "response_url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        return new BlockAction(
            actionId,
            Json.String(action, "value"),
            user,
            channel,
            Json.String(container, "message_ts") ?? Json.String(message, "ts"),
            Json.String(message, "thread_ts"),
            Json.String(body, "trigger_id"),
            responseUrl);
    }
}

/// <summary>Small readers for Slack payloads, which omit what does not apply.</summary>
internal static class Json
{
    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

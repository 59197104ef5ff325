using System.Text.Json;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>Message metadata as read back from Slack: any app's event_type, payload as raw JSON.</summary>
/// <remarks>https://docs.slack.dev/messaging/message-metadata</remarks>
public sealed record ConversationMessageMetadata
{
    public string? EventType { get; init; }

    public JsonElement? EventPayload { get; init; }

    /// <summary>Our alert metadata, when this is one of our alerts; null for anything else.</summary>
    public FindingAlertMetadata? AsFindingAlert()
    {
        if (EventType != FindingAlertMetadata.EventType || EventPayload is not { ValueKind: JsonValueKind.Object } payload)
        {
            return null;
        }

        try
        {
            return payload.Deserialize(SlackJson.Context.FindingAlertMetadata);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

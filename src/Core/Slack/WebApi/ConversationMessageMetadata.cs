using System.Text.Json;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>Message metadata as read back from Slack: any app's event_type, payload as raw JSON (ours is read by <c>Alerts.FindingAlertMetadataReader</c>).</summary>
/// <remarks>https://docs.slack.dev/messaging/message-metadata</remarks>
public sealed record ConversationMessageMetadata
{
    public string? EventType { get; init; }

    public JsonElement? EventPayload { get; init; }
}

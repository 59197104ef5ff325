using System.Text.Json;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Reads our alert metadata back from a message Slack returned. It lives with the alerts, not in the Slack wire
/// layer: the Web API client returns any app's metadata as it is, and only we know what <c>sechub_finding</c> means.
/// </summary>
public static class FindingAlertMetadataReader
{
    /// <summary>Our alert metadata, when the message is one of our alerts; null for anything else (another app's, or unreadable).</summary>
    public static FindingAlertMetadata? AsFindingAlert(this ConversationMessageMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.EventType != FindingAlertMetadata.EventType || metadata.EventPayload is not { ValueKind: JsonValueKind.Object } payload)
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

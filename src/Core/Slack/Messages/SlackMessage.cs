using System.Text.Json.Serialization;
using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Slack.Messages;

/// <summary>
/// The body of chat.postMessage (and, with <see cref="Ts"/>, chat.update). Serialised with
/// <see cref="SlackJson"/>: snake_case names, nulls left out.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.postMessage</remarks>
public sealed record SlackMessage
{
    public required string Channel { get; init; }

    /// <summary>Fallback for notifications and screen readers; mrkdwn, escaped.</summary>
    public required string Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    /// <summary>The parent's ts, for a reply in its thread.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>With <see cref="ThreadTs"/>: also show the reply in the channel.</summary>
    public bool? ReplyBroadcast { get; init; }

    /// <summary>Set for chat.update: the ts of the message to replace.</summary>
    public string? Ts { get; init; }

    public MessageMetadata? Metadata { get; init; }

    /// <summary>Remediation links should not unfold into large previews.</summary>
    public bool? UnfurlLinks { get; init; } = false;

    public bool? UnfurlMedia { get; init; } = false;
}

/// <summary>Message metadata: event_type letters, digits, '_' and '-' only (no periods).</summary>
/// <remarks>https://docs.slack.dev/messaging/message-metadata</remarks>
public sealed record MessageMetadata(string EventType, FindingAlertMetadata EventPayload);

/// <summary>
/// What every alert carries so any reply in its thread can find its finding (DESIGN.md §2).
/// Grouped alerts carry the control, account, region and group size instead of every id.
/// </summary>
public sealed record FindingAlertMetadata
{
    public const string EventType = "sechub_finding";

    public string? FindingId { get; init; }

    public string? ProductArn { get; init; }

    public string? ControlId { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? Severity { get; init; }

    /// <summary>Number of findings in a grouped alert; null for a single finding.</summary>
    public int? GroupSize { get; init; }

    /// <summary>
    /// What the parent currently shows, in the alert vocabulary (<c>open</c>, <c>resolved</c>, ...; see
    /// Alerts.AlertStatuses). Alerts posted before it carry Security Hub's workflow names (NOTIFIED, RESOLVED).
    /// </summary>
    public string? Status { get; init; }

    /// <summary>The finding format the ids come from: <see cref="AsffSchema"/> or <see cref="OcsfSchema"/>.</summary>
    public string? Schema { get; init; }

    public const string AsffSchema = "asff";

    public const string OcsfSchema = "ocsf";
}

/// <summary>One Slack Web API call as the CLI's <c>--json</c> prints it.</summary>
public sealed record SlackCall(string Method, SlackMessage Body);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(SlackCall))]
[JsonSerializable(typeof(IReadOnlyList<SlackCall>))]
[JsonSerializable(typeof(IReadOnlyList<Block>))]
[JsonSerializable(typeof(Block))]
[JsonSerializable(typeof(FindingAlertMetadata))]
[JsonSerializable(typeof(WebApi.EphemeralMessage))]
[JsonSerializable(typeof(WebApi.ResponseUrlMessage))]
[JsonSerializable(typeof(WebApi.ViewsOpenRequest))]
[JsonSerializable(typeof(WebApi.PostMessageResult))]
[JsonSerializable(typeof(WebApi.UpdateMessageResult))]
[JsonSerializable(typeof(WebApi.PostEphemeralResult))]
[JsonSerializable(typeof(WebApi.RepliesPage))]
[JsonSerializable(typeof(WebApi.UserInfoResult))]
[JsonSerializable(typeof(WebApi.UserGroupUsersResult))]
[JsonSerializable(typeof(WebApi.AuthTestResult))]
[JsonSerializable(typeof(WebApi.ConnectionsOpenResult))]
[JsonSerializable(typeof(WebApi.ViewsOpenResult))]
[JsonSerializable(typeof(WebApi.ResponseMetadata))]
[JsonSerializable(typeof(WebApi.StartStreamRequest))]
[JsonSerializable(typeof(WebApi.AppendStreamRequest))]
[JsonSerializable(typeof(WebApi.StopStreamRequest))]
[JsonSerializable(typeof(WebApi.StreamResult))]
[JsonSerializable(typeof(WebApi.SetStatusRequest))]
[JsonSerializable(typeof(WebApi.SetStatusResult))]
public sealed partial class SlackJsonContext : JsonSerializerContext;

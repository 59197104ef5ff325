using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecHubBot.Bot.Transport;

/// <summary>
/// One request from Slack, whichever transport brought it (Bolt's model: body, retry number, ack).
/// Slack waits 3 seconds for the ack, so a handler acks first and does slow work after.
/// <see cref="AckAsync"/> sends once; a second call is a bug in a handler, logged and ignored.
/// </summary>
/// <remarks>https://docs.slack.dev/tools/bolt-python/concepts/acknowledge</remarks>
public sealed partial class SlackRequest
{
    private readonly Func<JsonElement?, CancellationToken, Task> _acknowledge;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ackCalls;

    public SlackRequest(
        SlackRequestKind kind,
        JsonElement body,
        Func<JsonElement?, CancellationToken, Task> acknowledge,
        int retryNum = 0,
        string? retryReason = null,
        string? envelopeId = null,
        bool acceptsResponsePayload = false,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(acknowledge);
        Kind = kind;
        Body = body;
        _acknowledge = acknowledge;
        RetryNum = retryNum;
        RetryReason = string.IsNullOrEmpty(retryReason) ? null : retryReason;
        EnvelopeId = envelopeId;
        AcceptsResponsePayload = acceptsResponsePayload;
        _logger = logger ?? NullLogger.Instance;
    }

    public SlackRequestKind Kind { get; }

    /// <summary>The Events API body, the interaction payload, or the slash command fields.</summary>
    public JsonElement Body { get; }

    /// <summary>0 for a first delivery; Slack's retry number otherwise (X-Slack-Retry-Num / retry_attempt).</summary>
    public int RetryNum { get; }

    /// <summary>Why Slack retried (X-Slack-Retry-Reason / retry_reason), e.g. <c>timeout</c>, <c>http_error</c>.</summary>
    public string? RetryReason { get; }

    /// <summary>The Socket Mode envelope id; null over HTTP.</summary>
    public string? EnvelopeId { get; }

    /// <summary>Whether an ack payload means anything (slash commands, view_submission).</summary>
    public bool AcceptsResponsePayload { get; }

    public bool IsAcknowledged => Volatile.Read(ref _ackCalls) > 0;

    /// <summary>Completes when the ack has been handed to the transport.</summary>
    public Task Acknowledged => _acknowledged.Task;

    /// <summary>Body <c>type</c>: <c>event_callback</c>, <c>block_actions</c>, <c>view_submission</c>, ...; null for slash commands.</summary>
    public string? PayloadType => StringAt(Body, "type");

    /// <summary>The inner event's type for events_api (<c>message</c>, <c>app_mention</c>, ...).</summary>
    public string? EventType => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("event", out var e) ? StringAt(e, "type") : null;

    /// <summary>The Events API event_id: stable across Slack's retries of one event.</summary>
    public string? EventId => StringAt(Body, "event_id");

    /// <summary>The slash command (<c>/sechub</c>) for slash command requests.</summary>
    public string? Command => StringAt(Body, "command");

    /// <summary>Who acted: event.user, the interaction's user.id, or the command's user_id.</summary>
    public string? UserId => Kind switch
    {
        SlackRequestKind.EventsApi => Body.TryGetProperty("event", out var e) ? StringAt(e, "user") : null,
        SlackRequestKind.Interactive => Body.TryGetProperty("user", out var u) ? StringAt(u, "id") : null,
        _ => StringAt(Body, "user_id"),
    };

    /// <summary>Where: event.channel, the interaction's channel.id (or container.channel_id), or the command's channel_id.</summary>
    public string? ChannelId => Kind switch
    {
        SlackRequestKind.EventsApi => Body.TryGetProperty("event", out var e) ? StringAt(e, "channel") : null,
        SlackRequestKind.Interactive =>
            (Body.TryGetProperty("channel", out var c) ? StringAt(c, "id") : null)
            ?? (Body.TryGetProperty("container", out var container) ? StringAt(container, "channel_id") : null),
        _ => StringAt(Body, "channel_id"),
    };

    /// <summary>For views.open; valid for 3 seconds after Slack sent it.</summary>
    public string? TriggerId => StringAt(Body, "trigger_id");

    /// <summary>Where to answer an interaction or command (up to 5 times in 30 minutes).</summary>
    public Uri? ResponseUrl => Uri.TryCreate(StringAt(Body, "response_url"), UriKind.Absolute, out var url) ? url : null;

    /// <summary>
    /// What identifies this delivery across retries and connections: the event_id for events
    /// (Slack retries an event with a new envelope), else the envelope id, else null.
    /// </summary>
    public string? DeduplicationKey => EventId is { } eventId ? "event:" + eventId : EnvelopeId is { } envelope ? "envelope:" + envelope : null;

    /// <summary>
    /// Acknowledges, with an optional payload (a slash command's reply message, or a
    /// view_submission's response_action). Only the first call is sent.
    /// </summary>
    public async Task AckAsync(JsonElement? payload = null, CancellationToken cancellationToken = default)
    {
        if (!TryClaimAck())
        {
            LogSecondAck(_logger, Kind, EnvelopeId ?? EventId ?? "-");
            return;
        }

        await SendClaimedAckAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The payload the ack carried (null for a plain ack or before the ack).</summary>
    public JsonElement? AckPayload { get; private set; }

    /// <summary>Transports: take the right to ack (true once); then call <see cref="SendClaimedAckAsync"/>.</summary>
    internal bool TryClaimAck() => Interlocked.Exchange(ref _ackCalls, 1) == 0;

    internal async Task SendClaimedAckAsync(JsonElement? payload, CancellationToken cancellationToken)
    {
        AckPayload = payload;
        try
        {
            await _acknowledge(payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _acknowledged.TrySetResult();
        }
    }

    private static string? StringAt(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Bug: {Kind} request {Id} was acknowledged twice; the second ack was ignored")]
    private static partial void LogSecondAck(ILogger logger, SlackRequestKind kind, string id);
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Bot.Transport.Payloads;

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
        bool? acceptsResponsePayload = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(acknowledge);
        Kind = kind;
        Payload = SlackPayload.Decode(kind, body);
        _acknowledge = acknowledge;
        RetryNum = retryNum;
        RetryReason = string.IsNullOrEmpty(retryReason) ? null : retryReason;
        EnvelopeId = envelopeId;
        AcceptsResponsePayload = acceptsResponsePayload ?? Payload is ViewSubmissionPayload or SlashCommandPayload;
        _logger = logger ?? NullLogger.Instance;
    }

    public SlackRequestKind Kind { get; }

    /// <summary>The Events API body, the interaction payload, or the slash command fields, decoded once (<see cref="SlackPayload.Decode"/>).</summary>
    public SlackPayload Payload { get; }

    /// <summary>0 for a first delivery; Slack's retry number otherwise (X-Slack-Retry-Num / retry_attempt).</summary>
    public int RetryNum { get; }

    /// <summary>Why Slack retried (X-Slack-Retry-Reason / retry_reason), e.g. <c>timeout</c>, <c>http_error</c>.</summary>
    public string? RetryReason { get; }

    /// <summary>The Socket Mode envelope id; null over HTTP.</summary>
    public string? EnvelopeId { get; }

    /// <summary>Whether an ack payload means anything: Socket Mode says so per envelope; otherwise slash commands and view_submission.</summary>
    public bool AcceptsResponsePayload { get; }

    public bool IsAcknowledged => Volatile.Read(ref _ackCalls) > 0;

    /// <summary>Completes when the ack has been handed to the transport.</summary>
    public Task Acknowledged => _acknowledged.Task;

    /// <summary>The Events API event_id: stable across Slack's retries of one event.</summary>
    public string? EventId => (Payload as EventCallbackPayload)?.EventId;

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

    /// <summary>
    /// Set by <see cref="Decline"/>: this pod will not handle the request, and no ack was or will be sent, so Slack
    /// delivers it again (Socket Mode: to a live connection; HTTP: the endpoint answers 503 and Slack retries).
    /// </summary>
    public bool IsDeclined { get; private set; }

    /// <summary>
    /// Refuses the request unacked (shutting down): an acked request Slack considers delivered, and a
    /// view_submission or a click acked here and not handled would be lost. False when it was already acked.
    /// </summary>
    public bool Decline()
    {
        if (!TryClaimAck())
        {
            return false;
        }

        IsDeclined = true;
        _acknowledged.TrySetResult();
        return true;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Bug: {Kind} request {Id} was acknowledged twice; the second ack was ignored")]
    private static partial void LogSecondAck(ILogger logger, SlackRequestKind kind, string id);
}

using System.Collections.Concurrent;
using System.Text.Json;
using SecHubBot.Bot.Transport;

namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// The one place duplicates are dropped, in front of the dispatcher for both transports: Socket Mode may
/// deliver one envelope on two connections, and Slack retries an event it thinks timed out (a new envelope
/// or a new HTTP POST with the same event_id) while the first delivery is still being handled. A duplicate
/// is acked, never handled: with the original's ack payload when the original is still known (a second
/// connection must hear the same view_submission answer), else plainly, so Slack stops resending.
/// </summary>
public sealed partial class DuplicateRequestFilter : ISlackRequestHandler
{
    /// <summary>How long a duplicate waits for the original's ack payload: under Slack's 3 s with room for the send.</summary>
    private static readonly TimeSpan OriginalAckWait = TimeSpan.FromSeconds(2);

    /// <summary>A late duplicate on another connection still gets the original's ack payload within this time.</summary>
    private static readonly TimeSpan KeepOriginal = TimeSpan.FromSeconds(30);

    private readonly ISlackRequestHandler _inner;
    private readonly SeenRequestIds _seen;
    private readonly ConcurrentDictionary<string, SlackRequest> _originals = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DuplicateRequestFilter(ISlackRequestHandler inner, TimeProvider time, ILogger<DuplicateRequestFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _time = time;
        _logger = logger;
        _seen = new SeenRequestIds(time: time);
    }

    public async Task HandleAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Both keys count: the same envelope again, or the same event in a new envelope or POST.
        var envelopeKey = request.EnvelopeId is { } envelope ? "envelope:" + envelope : null;
        var eventKey = request.EventId is { } eventId ? "event:" + eventId : null;
        var duplicateOf = envelopeKey is not null && !_seen.TryMarkNew(envelopeKey) ? envelopeKey
            : eventKey is not null && !_seen.TryMarkNew(eventKey) ? eventKey
            : null;
        if (duplicateOf is not null)
        {
            LogDuplicate(_logger, duplicateOf, request.RetryNum, request.RetryReason ?? "-");
            await request.AckAsync(await OriginalAckAsync(duplicateOf).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var key in new[] { envelopeKey, eventKey })
        {
            if (key is not null)
            {
                _originals[key] = request;
            }
        }

        try
        {
            await _inner.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _ = ForgetLaterAsync(request, envelopeKey, eventKey);
        }
    }

    private async Task<JsonElement?> OriginalAckAsync(string key)
    {
        if (!_originals.TryGetValue(key, out var original))
        {
            return null;
        }

        try
        {
            await original.Acknowledged.WaitAsync(OriginalAckWait, _time).ConfigureAwait(false);
            return original.AckPayload;
        }
        catch (TimeoutException)
        {
            // The original is slow to ack; ack the copy plainly rather than let Slack time out.
            return null;
        }
    }

    private async Task ForgetLaterAsync(SlackRequest request, string? envelopeKey, string? eventKey)
    {
        await Task.Delay(KeepOriginal, _time).ConfigureAwait(false);
        foreach (var key in new[] { envelopeKey, eventKey })
        {
            if (key is not null)
            {
                _originals.TryRemove(new KeyValuePair<string, SlackRequest>(key, request));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped duplicate {Key} (retry {RetryNum}, {Reason}); acked, not handled again")]
    private static partial void LogDuplicate(ILogger logger, string key, int retryNum, string reason);
}

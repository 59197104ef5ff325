using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Core.Slack.WebApi;

using SecHubBot.Core.Telemetry;

namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// Receives Slack requests over Socket Mode and hands each, once, to the <see cref="ISlackRequestHandler"/>.
/// <list type="bullet">
/// <item>Keeps <see cref="SocketModeOptions.Connections"/> sockets open, each from a fresh
/// apps.connections.open URL (a URL's ticket works once), so one refresh or drop leaves no gap.</item>
/// <item>Reconnects after any drop with backoff and jitter; after <c>disconnect</c> it opens the
/// replacement first and lets the old socket drain.</item>
/// <item>Acks every envelope within Slack's 3 s: the handler acks, or the client does in a <c>finally</c>
/// or at <see cref="SocketModeOptions.AckDeadline"/>, whichever comes first.</item>
/// <item>Hands duplicates on like any envelope: the dispatcher's <c>DuplicateRequestFilter</c> drops them
/// (one layer for both transports) and acks them, so Slack stops resending.</item>
/// <item>Stops gracefully: no new envelopes, in-flight handlers finish and ack, then sockets close.</item>
/// </list>
/// </summary>
/// <remarks>https://docs.slack.dev/apis/events-api/using-socket-mode</remarks>
public sealed partial class SocketModeClient : IHostedService, IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<Uri>> _openConnectionUrl;
    private readonly ISlackRequestHandler _handler;
    private readonly SocketModeOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger<SlackRequest> _requestLogger;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly ConcurrentDictionary<SocketModeConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<long, Task> _work = new();
    /// <summary>How long cancelled handlers get to leave a notice; inside the chart's 30 s grace after the host's 25 s.</summary>
    private static readonly TimeSpan AbortedHandlersGrace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _handlersAborted = new();
    private readonly Lock _startLock = new();
    private Task[] _slots = [];
    private long _nextWorkId;
    private long _connectionSerial;
    private volatile bool _accepting;

    public SocketModeClient(
        Func<CancellationToken, Task<Uri>> openConnectionUrl,
        ISlackRequestHandler handler,
        SocketModeOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(openConnectionUrl);
        ArgumentNullException.ThrowIfNull(handler);
        _openConnectionUrl = openConnectionUrl;
        _handler = handler;
        _options = options ?? new SocketModeOptions();
        var problems = _options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<SocketModeClient>();
        _requestLogger = loggerFactory.CreateLogger<SlackRequest>();
        _time = time ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
    }

    /// <summary>Uses apps.connections.open with the app token for every connection.</summary>
    public SocketModeClient(SlackApiClient api, ISlackRequestHandler handler, SocketModeOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
        : this(ct => (api ?? throw new ArgumentNullException(nameof(api))).OpenConnectionAsync(ct), handler, options, loggerFactory, time)
    {
    }

    /// <summary>At least one connection has said hello and is open (for /readyz).</summary>
    public bool IsConnected => _connections.Keys.Any(c => c.IsOpen);

    public int OpenConnections => _connections.Keys.Count(c => c.IsOpen);

    /// <summary>Starts the connection loops and returns; connections open in the background.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_slots.Length > 0)
            {
                return Task.CompletedTask;
            }

            _accepting = true;
            _slots = Enumerable.Range(1, _options.Connections)
                .Select(slot => Task.Run(() => RunSlotAsync(slot), CancellationToken.None))
                .ToArray();
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> connections are open (startup readiness, tests).</summary>
    public async Task WaitForConnectionsAsync(int count, CancellationToken cancellationToken)
    {
        // Real time on purpose: this only polls, and must not stall under a fake TimeProvider.
        while (OpenConnections < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops taking envelopes (Slack resends unacked ones to other connections or replicas), lets
    /// in-flight handlers finish and ack until <paramref name="cancellationToken"/> fires, then closes the sockets.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _accepting = false;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_work.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogHandlersAbandoned(_logger, _work.Count);
            await _handlersAborted.CancelAsync().ConfigureAwait(false);

            // Cancelled handlers still tell their thread the answer was cut short (never "Looking into it…" forever).
            await Task.WhenAll(_work.Values).WaitAsync(AbortedHandlersGrace, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync(TimeSpan.FromSeconds(2)))).ConfigureAwait(false);
        await Task.WhenAll(_slots).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }

        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _handlersAborted.Dispose();
    }

    private async Task RunSlotAsync(int slot)
    {
        var failures = 0;
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan delay;
            SocketModeConnection? connection = null;
            try
            {
                var url = await _openConnectionUrl(stopping).ConfigureAwait(false);
                if (_options.DebugReconnects)
                {
                    url = new Uri(url + (url.Query.Length > 0 ? "&" : "?") + "debug_reconnects=true");
                }

                var name = $"#{slot}.{Interlocked.Increment(ref _connectionSerial)}";
                connection = await SocketModeConnection.ConnectAsync(name, url, _options, OnEnvelope, _logger, stopping).ConfigureAwait(false);
                _connections.TryAdd(connection, 0);
                LogConnected(_logger, name, OpenConnections);
                failures = 0;

                using (var waitStop = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    await Task.WhenAny(connection.Completion, connection.DisconnectRequested, Task.Delay(Timeout.Infinite, waitStop.Token)).ConfigureAwait(false);
                    await waitStop.CancelAsync().ConfigureAwait(false);
                }

                if (stopping.IsCancellationRequested)
                {
                    // StopAsync closes the connection once in-flight handlers have acked.
                    return;
                }

                // Slack usually closes the socket soon after "disconnect"; that is still a requested disconnect.
                if (connection.DisconnectRequested.IsCompletedSuccessfully)
                {
                    var reason = await connection.DisconnectRequested.ConfigureAwait(false);
                    delay = DelayAfterDisconnect(reason, ref failures);
                    LogDisconnectRequested(_logger, name, reason, delay.TotalMilliseconds);
                    SecHubBotTelemetry.SocketModeReconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));
                    Track(RetireAsync(connection));
                }
                else
                {
                    _connections.TryRemove(connection, out _);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    delay = _backoff.Delay(failures++);
                    LogReconnecting(_logger, name, delay.TotalMilliseconds);
                    SecHubBotTelemetry.SocketModeReconnects.Add(1, new KeyValuePair<string, object?>("reason", "dropped"));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (connection is not null)
                {
                    _connections.TryRemove(connection, out _);
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                delay = _backoff.Delay(failures++);
                if (ex is SlackApiException { Error: "invalid_auth" or "not_authed" or "not_allowed_token_type" } api)
                {
                    LogAppTokenRejected(_logger, api.Error);
                    delay = _options.MaxReconnectDelay;
                }
                else
                {
                    LogConnectFailed(_logger, slot, ex.GetType().Name, ex.Message, delay.TotalMilliseconds);
                }
            }

            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan DelayAfterDisconnect(string reason, ref int failures) => reason switch
    {
        // Routine: the old socket still works for a while, reconnect at once.
        SocketModeDisconnectReason.Warning or SocketModeDisconnectReason.RefreshRequested => TimeSpan.Zero,
        SocketModeDisconnectReason.LinkDisabled => LinkDisabled(),
        _ => _backoff.Delay(failures++),
    };

    private TimeSpan LinkDisabled()
    {
        LogLinkDisabled(_logger);
        return _options.MaxReconnectDelay;
    }

    /// <summary>Keeps a disconnecting socket readable until Slack closes it or the grace ends, then closes it.</summary>
    private async Task RetireAsync(SocketModeConnection connection)
    {
        try
        {
            await Task.WhenAny(connection.Completion, Task.Delay(_options.DisconnectGrace, _time, _stopping.Token)).ConfigureAwait(false);
            await connection.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnEnvelope(SocketModeConnection connection, SocketModeEnvelope envelope)
    {
        if (!_accepting)
        {
            // Shutting down: leave it unacked so Slack delivers it to a live connection or replica.
            LogRefusedWhileStopping(_logger, envelope.Type, envelope.EnvelopeId ?? "-");
            return;
        }

        if (envelope.EnvelopeId is not { Length: > 0 } envelopeId || envelope.Payload is not { } payload)
        {
            // Not an envelope (nothing to ack): a frame type Slack may add later.
            LogIgnoredFrame(_logger, envelope.Type);
            return;
        }

        SlackRequestKind kind;
        switch (envelope.Type)
        {
            case SocketModeEnvelope.EventsApi:
                kind = SlackRequestKind.EventsApi;
                break;
            case SocketModeEnvelope.Interactive:
                kind = SlackRequestKind.Interactive;
                break;
            case SocketModeEnvelope.SlashCommands:
                kind = SlackRequestKind.SlashCommand;
                break;
            default:
                // Unknown envelope types are acked so Slack does not resend what we cannot read.
                LogUnknownFrame(_logger, envelope.Type);
                Track(SendAckQuietlyAsync(connection, envelopeId, null));
                return;
        }

        var request = new SlackRequest(
            kind,
            payload,
            (ackPayload, _) => SendAckQuietlyAsync(connection, envelopeId, ackPayload),
            envelope.RetryAttempt,
            envelope.RetryReason,
            envelopeId,
            envelope.AcceptsResponsePayload,
            _requestLogger);

        Track(HandleAsync(request));
    }

    private async Task HandleAsync(SlackRequest request)
    {
        // Leave the receive loop at once: the next envelope must not wait for this handler.
        await Task.Yield();
        var envelopeId = request.EnvelopeId!;
        await using var deadline = _time.CreateTimer(
            _ =>
            {
                if (request.TryClaimAck())
                {
                    LogAckDeadline(_logger, request.Kind, envelopeId, _options.AckDeadline.TotalMilliseconds);
                    Track(request.SendClaimedAckAsync(null, CancellationToken.None));
                }
            },
            null,
            _options.AckDeadline,
            Timeout.InfiniteTimeSpan);
        try
        {
            await _handler.HandleAsync(request, _handlersAborted.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_handlersAborted.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, ex, request.Kind, envelopeId);
        }
        catch (OperationCanceledException)
        {
            LogHandlerCancelled(_logger, request.Kind, envelopeId);
        }
        finally
        {
            // Slack must hear back even when the handler forgot, or threw.
            if (request.TryClaimAck())
            {
                await request.SendClaimedAckAsync(null, CancellationToken.None).ConfigureAwait(false);
            }

        }
    }

    private async Task SendAckQuietlyAsync(SocketModeConnection connection, string envelopeId, JsonElement? payload)
    {
        try
        {
            await connection.SendAckAsync(envelopeId, payload, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            LogAckFailed(_logger, envelopeId, ex.Message);
        }
    }

    private void Track(Task task)
    {
        var id = Interlocked.Increment(ref _nextWorkId);
        _work[id] = task;
        _ = task.ContinueWith(
            (t, state) =>
            {
                var (work, key) = ((ConcurrentDictionary<long, Task>, long))state!;
                work.TryRemove(key, out _);
                _ = t.Exception;
            },
            (_work, id),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Socket Mode {Connection} connected ({Open} open)")]
    private static partial void LogConnected(ILogger logger, string connection, int open);

    [LoggerMessage(Level = LogLevel.Information, Message = "Socket Mode {Connection}: Slack asked to disconnect ({Reason}); replacing it in {DelayMs} ms")]
    private static partial void LogDisconnectRequested(ILogger logger, string connection, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode {Connection} lost; reconnecting in {DelayMs} ms")]
    private static partial void LogReconnecting(ILogger logger, string connection, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode slot {Slot} could not connect ({ErrorType}: {Error}); retrying in {DelayMs} ms")]
    private static partial void LogConnectFailed(ILogger logger, int slot, string errorType, string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack rejected the app token ({Error}): check Slack:AppToken is an xapp- token with connections:write")]
    private static partial void LogAppTokenRejected(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack disabled Socket Mode for this app (link_disabled): turn it on in the app settings or use HTTP mode")]
    private static partial void LogLinkDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} handler had not acked envelope {EnvelopeId} after {DeadlineMs} ms; acked for it")]
    private static partial void LogAckDeadline(ILogger logger, SlackRequestKind kind, string envelopeId, double deadlineMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} handler failed for envelope {EnvelopeId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, SlackRequestKind kind, string envelopeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} handler for envelope {EnvelopeId} was cancelled by shutdown")]
    private static partial void LogHandlerCancelled(ILogger logger, SlackRequestKind kind, string envelopeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ack envelope {EnvelopeId}: {Error}")]
    private static partial void LogAckFailed(ILogger logger, string envelopeId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored Socket Mode frame of type {Type}")]
    private static partial void LogUnknownFrame(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored Socket Mode frame of type {Type} without an envelope")]
    private static partial void LogIgnoredFrame(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: left {Type} envelope {EnvelopeId} unacked for Slack to redeliver")]
    private static partial void LogRefusedWhileStopping(ILogger logger, string type, string envelopeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timed out with {Count} handlers still running; cancelling them")]
    private static partial void LogHandlersAbandoned(ILogger logger, int count);
}

using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// One Socket Mode WebSocket: waits for <c>hello</c>, reads frames until the socket closes, hands
/// envelopes to its owner, and sends acks (one send at a time, as WebSocket requires).
/// </summary>
internal sealed partial class SocketModeConnection : IAsyncDisposable
{
    /// <summary>
    /// The largest envelope we buffer: the same bound as an HTTP-mode body (Slack's envelopes are a few KB; a
    /// large view_submission stays far below it). Unacked, an oversized envelope is redelivered and dropped again.
    /// </summary>
    internal const int MaxMessageBytes = Transport.HttpTransport.MaxBodyBytes;

    private readonly ClientWebSocket _socket;
    private readonly Action<SocketModeConnection, SocketModeEnvelope> _onEnvelope;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _receiveStop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _disposed;

    private SocketModeConnection(string name, ClientWebSocket socket, Action<SocketModeConnection, SocketModeEnvelope> onEnvelope, ILogger logger)
    {
        Name = name;
        _socket = socket;
        _onEnvelope = onEnvelope;
        _logger = logger;
    }

    /// <summary>For logs: slot and sequence number, never the URL (its ticket is a credential).</summary>
    public string Name { get; }

    /// <summary>Completes when the socket is closed or broken, for whatever reason.</summary>
    public Task Completion => _receiveLoop;

    /// <summary>Completes with the reason when Slack sends <c>disconnect</c>.</summary>
    public Task<string> DisconnectRequested => _disconnect.Task;

    public bool IsOpen => _hello.Task.IsCompletedSuccessfully && _socket.State == WebSocketState.Open;

    /// <summary>Opens the socket and waits for <c>hello</c>: only then does Slack deliver envelopes on it.</summary>
    public static async Task<SocketModeConnection> ConnectAsync(
        string name,
        Uri url,
        SocketModeOptions options,
        Action<SocketModeConnection, SocketModeEnvelope> onEnvelope,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.KeepAlive;
        socket.Options.KeepAliveTimeout = options.KeepAlive;
        var connection = new SocketModeConnection(name, socket, onEnvelope, logger);
        try
        {
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            helloTimeout.CancelAfter(options.HelloTimeout);
            await connection._hello.Task.WaitAsync(helloTimeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task SendAckAsync(string envelopeId, JsonElement? payload, CancellationToken cancellationToken)
    {
        var frame = JsonSerializer.SerializeToUtf8Bytes(new SocketModeAck(envelopeId, payload), SlackTransportJson.Default.SocketModeAck);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes politely, then gives up waiting after <paramref name="timeout"/> and aborts.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _sendLock.WaitAsync(deadline.Token).ConfigureAwait(false);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", deadline.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }

            await _receiveLoop.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            LogCloseAborted(_logger, Name);
        }
        finally
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                await _receiveStop.CancelAsync().ConfigureAwait(false);
            }

            _socket.Abort();
        }
    }

    /// <summary>Idempotent: the slot loop, a retirement and shutdown may all get here.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _receiveStop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Already reported by the receive loop.
        }

        _socket.Dispose();
        _receiveStop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var oversized = false;
        try
        {
            while (!_receiveStop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _receiveStop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    LogClosedByServer(_logger, Name, _socket.CloseStatus?.ToString() ?? "-");
                    return;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    // Never buffer an unbounded frame: drop the rest of it and carry on with the next.
                    oversized = true;
                    buffer.ResetWrittenCount();
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (oversized)
                {
                    oversized = false;
                    buffer.ResetWrittenCount();
                    LogOversizedFrame(_logger, Name, MaxMessageBytes);
                    continue;
                }

                var envelope = SocketModeEnvelope.Parse(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
                if (envelope is null)
                {
                    LogUnreadableFrame(_logger, Name);
                    continue;
                }

                switch (envelope.Type)
                {
                    case SocketModeEnvelope.Hello:
                        _hello.TrySetResult();
                        break;
                    case SocketModeEnvelope.Disconnect:
                        _disconnect.TrySetResult(envelope.Reason ?? "unknown");
                        break;
                    default:
                        Dispatch(envelope);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_receiveStop.IsCancellationRequested)
        {
            // We closed it.
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            LogDropped(_logger, Name, ex.Message);
        }
        finally
        {
            _hello.TrySetException(new WebSocketException("The Socket Mode connection closed before hello."));
        }
    }

    private void Dispatch(SocketModeEnvelope envelope)
    {
        try
        {
            _onEnvelope(this, envelope);
        }
        catch (Exception ex)
        {
            // A bug in dispatch must not take the connection down with it.
            LogDispatchFailed(_logger, ex, Name, envelope.Type);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Socket Mode {Connection} could not dispatch a {Type} frame")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string connection, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Socket Mode {Connection} closed by Slack ({Status})")]
    private static partial void LogClosedByServer(ILogger logger, string connection, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode {Connection} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode {Connection} sent a frame over {MaxBytes} bytes; dropped unread")]
    private static partial void LogOversizedFrame(ILogger logger, string connection, int maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode {Connection} sent a frame that is not a typed JSON object; ignored")]
    private static partial void LogUnreadableFrame(ILogger logger, string connection);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Socket Mode {Connection} did not close cleanly in time; aborted")]
    private static partial void LogCloseAborted(ILogger logger, string connection);
}

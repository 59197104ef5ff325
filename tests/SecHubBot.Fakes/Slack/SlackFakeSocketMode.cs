using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace SecHubBot.Fakes.Slack;

/// <summary>
/// The fake's Socket Mode server at <c>ws://127.0.0.1:port/link/?ticket=…</c>. Each ticket comes from
/// apps.connections.open and works once. Every connection gets <c>hello</c>; envelopes go round-robin
/// to open connections; an envelope not acked within <see cref="AckTimeout"/> (Slack: 3 s) is a
/// <see cref="Violations">violation</see> and is resent with retry_attempt + 1, like Slack.
/// Call <see cref="AssertNoViolations"/> at the end of a test.
/// </summary>
public sealed class SlackFakeSocketMode : IAsyncDisposable
{
    private readonly SlackFake _fake;
    private readonly ConcurrentDictionary<string, bool> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, FakeSocket> _sockets = new();
    private readonly ConcurrentDictionary<string, SlackFakeEnvelope> _envelopes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly CancellationTokenSource _disposed = new();
    private int _socketCounter;
    private int _roundRobin;
    private int _ticketsIssued;

    internal SlackFakeSocketMode(SlackFake fake) => _fake = fake;

    /// <summary>Slack's budget for an ack. Tests of the fake itself may shorten it.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often an unacked envelope is resent (Slack retries events 3 times).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay between sending <c>disconnect</c> and closing that socket.</summary>
    public TimeSpan DisconnectCloseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a send waits for some connection to be open.</summary>
    public TimeSpan DeliveryWait { get; set; } = TimeSpan.FromSeconds(10);

    public int TicketsIssued => Volatile.Read(ref _ticketsIssued);

    /// <summary>WebSocket connections accepted so far (hello sent).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _socketCounter);

    /// <summary>Connections open now and taking envelopes (not told to disconnect).</summary>
    public int OpenConnections => _sockets.Values.Count(s => !s.Disconnecting);

    /// <summary>Ids of open connections, oldest first.</summary>
    public IReadOnlyList<int> ConnectionIds => [.. _sockets.Keys.Order()];

    /// <summary>Late acks, missing acks, acks of unknown envelopes, reused tickets.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    public IReadOnlyList<SlackFakeEnvelope> Envelopes => [.. _envelopes.Values];

    public void AssertNoViolations()
    {
        if (!_violations.IsEmpty)
        {
            throw new InvalidOperationException("Socket Mode violations: " + string.Join("; ", _violations));
        }
    }

    public async Task WaitForConnectionsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (OpenConnections < count)
        {
            try
            {
                await Task.Delay(5, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} open Socket Mode connections, have {OpenConnections}.");
            }
        }
    }

    /// <summary>Waits until <see cref="ConnectionsOpened"/> reaches <paramref name="count"/> (e.g. after a reconnect).</summary>
    public async Task WaitForConnectionsOpenedAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (ConnectionsOpened < count || OpenConnections < 1)
        {
            try
            {
                await Task.Delay(5, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} Socket Mode connections opened, have {ConnectionsOpened}.");
            }
        }
    }

    /// <summary>Sends an envelope to the next open connection and watches for its ack.</summary>
    public async Task<SlackFakeEnvelope> SendEnvelopeAsync(string type, JsonElement payload, bool acceptsResponsePayload = false, int retryAttempt = 0)
    {
        var envelope = new SlackFakeEnvelope(Guid.NewGuid().ToString(), type, payload, acceptsResponsePayload);
        _envelopes[envelope.EnvelopeId] = envelope;
        envelope.FirstSentAt = DateTimeOffset.UtcNow;
        await DeliverAsync(envelope, retryAttempt, exceptSocket: null).ConfigureAwait(false);
        return envelope;
    }

    /// <summary>An events_api envelope; a <paramref name="retryAttempt"/> above 0 plays Slack's retry of the same event_id in a new envelope.</summary>
    public Task<SlackFakeEnvelope> SendEventAsync(JsonElement eventCallback, int retryAttempt = 0) => SendEnvelopeAsync("events_api", eventCallback, retryAttempt: retryAttempt);

    public Task<SlackFakeEnvelope> SendInteractiveAsync(JsonElement payload) =>
        SendEnvelopeAsync("interactive", payload, acceptsResponsePayload: SlackFakePayloads.TypeOf(payload) == "view_submission");

    public Task<SlackFakeEnvelope> SendSlashCommandAsync(JsonElement payload) => SendEnvelopeAsync("slash_commands", payload, acceptsResponsePayload: true);

    /// <summary>Sends the same envelope again on a different connection (Slack does this around reconnects).</summary>
    public Task DeliverAgainAsync(SlackFakeEnvelope envelope, int retryAttempt = 0)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return DeliverAsync(envelope, retryAttempt, exceptSocket: envelope.LastSocket);
    }

    /// <summary>Sends <c>disconnect</c> with <paramref name="reason"/> on a connection (default the oldest), then closes it after <see cref="DisconnectCloseDelay"/>.</summary>
    public async Task SendDisconnectAsync(string reason, int? connectionId = null)
    {
        var socket = Pick(connectionId);
        socket.Disconnecting = true;
        var frame = new JsonObject
        {
            ["type"] = "disconnect",
            ["reason"] = reason,
            ["num_connections"] = _sockets.Count,
            ["debug_info"] = new JsonObject { ["host"] = "applink-fake" },
            ["connection_info"] = new JsonObject { ["app_id"] = SlackFake.AppId },
        };
        await socket.SendAsync(frame.ToJsonString()).ConfigureAwait(false);
        _ = CloseLaterAsync(socket);
    }

    /// <summary>Breaks a connection (default the oldest) without a close handshake, like a network failure.</summary>
    public void DropSocket(int? connectionId = null)
    {
        var socket = Pick(connectionId);
        _sockets.TryRemove(socket.Id, out _);
        socket.Context.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets.Values)
        {
            socket.Context.Abort();
        }

        _disposed.Dispose();
    }

    internal Uri IssueUrl(HttpContext context)
    {
        var ticket = Guid.NewGuid().ToString("N");
        _tickets[ticket] = false;
        Interlocked.Increment(ref _ticketsIssued);
        var request = context.Request;
        return new Uri($"ws://{request.Host}/link/?ticket={ticket}&app_id={SlackFake.AppId}");
    }

    internal async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var ticket = context.Request.Query["ticket"].ToString();
        if (!_tickets.TryGetValue(ticket, out var used) || used || !_tickets.TryUpdate(ticket, true, false))
        {
            _violations.Enqueue(used ? "a Socket Mode URL was used twice (tickets are single-use)" : "unknown Socket Mode ticket");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var socket = new FakeSocket(Interlocked.Increment(ref _socketCounter), webSocket, context);
        _sockets[socket.Id] = socket;
        try
        {
            var hello = new JsonObject
            {
                ["type"] = "hello",
                ["num_connections"] = _sockets.Count,
                ["debug_info"] = new JsonObject { ["host"] = "applink-fake", ["build_number"] = 1, ["approximate_connection_time"] = 18060 },
                ["connection_info"] = new JsonObject { ["app_id"] = SlackFake.AppId },
            };
            await socket.SendAsync(hello.ToJsonString()).ConfigureAwait(false);
            await ReceiveAcksAsync(socket).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or ConnectionAbortedException)
        {
            // Dropped by a test or by the client.
        }
        finally
        {
            _sockets.TryRemove(socket.Id, out _);
        }
    }

    private async Task ReceiveAcksAsync(FakeSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        while (!_disposed.IsCancellationRequested)
        {
            var result = await socket.WebSocket.ReceiveAsync(buffer, _disposed.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.WebSocket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseAsync().ConfigureAwait(false);
                }

                return;
            }

            frame.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            OnAck(frame.ToArray());
            frame.SetLength(0);
        }
    }

    private void OnAck(byte[] frame)
    {
        var now = DateTimeOffset.UtcNow;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(frame);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            _violations.Enqueue("client sent a frame that is not JSON: " + Encoding.UTF8.GetString(frame));
            return;
        }

        if (!root.TryGetProperty("envelope_id", out var idElement) || idElement.GetString() is not { } id || !_envelopes.TryGetValue(id, out var envelope))
        {
            _violations.Enqueue("ack for an unknown envelope: " + root.GetRawText());
            return;
        }

        JsonElement? payload = root.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null ? p : null;
        if (payload is not null && !envelope.AcceptsResponsePayload)
        {
            _violations.Enqueue($"ack of {id} ({envelope.Type}) carries a payload the envelope does not accept");
        }

        if (envelope.TryAck(payload, now) && envelope.AckLatency > AckTimeout)
        {
            _violations.Enqueue($"envelope {id} ({envelope.Type}) acked after {envelope.AckLatency?.TotalMilliseconds:F0} ms, over Slack's {AckTimeout.TotalMilliseconds:F0} ms");
        }
    }

    private async Task DeliverAsync(SlackFakeEnvelope envelope, int retryAttempt, FakeSocket? exceptSocket)
    {
        var frame = new JsonObject
        {
            ["envelope_id"] = envelope.EnvelopeId,
            ["type"] = envelope.Type,
            ["payload"] = JsonNode.Parse(envelope.Payload.GetRawText()),
            ["accepts_response_payload"] = envelope.AcceptsResponsePayload,
        };
        if (envelope.Type == "events_api")
        {
            frame["retry_attempt"] = retryAttempt;
            frame["retry_reason"] = retryAttempt == 0 ? string.Empty : "timeout";
        }

        var text = frame.ToJsonString();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        wait.CancelAfter(DeliveryWait);
        while (true)
        {
            var socket = NextSocket(exceptSocket) ?? (exceptSocket is { Disconnecting: false } && _sockets.ContainsKey(exceptSocket.Id) ? exceptSocket : null);
            if (socket is not null)
            {
                try
                {
                    await socket.SendAsync(text).ConfigureAwait(false);
                    envelope.LastSocket = socket;
                    envelope.RecordDelivery(retryAttempt);
                    break;
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
                {
                    // That socket just died; try another.
                    _sockets.TryRemove(socket.Id, out _);
                    continue;
                }
            }

            try
            {
                await Task.Delay(5, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
            {
                throw new TimeoutException($"No open Socket Mode connection to deliver envelope {envelope.EnvelopeId} within {DeliveryWait}.");
            }
        }

        _ = WatchAckAsync(envelope, retryAttempt);
    }

    private async Task WatchAckAsync(SlackFakeEnvelope envelope, int retryAttempt)
    {
        try
        {
            await envelope.Acked.WaitAsync(AckTimeout, _disposed.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            if (envelope.IsAcked)
            {
                return;
            }

            _violations.Enqueue($"envelope {envelope.EnvelopeId} ({envelope.Type}, retry_attempt {retryAttempt}) not acked within {AckTimeout.TotalMilliseconds:F0} ms");
            if (retryAttempt < MaxRetries)
            {
                try
                {
                    await DeliverAsync(envelope, retryAttempt + 1, exceptSocket: null).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    _violations.Enqueue(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Fake disposed.
        }
    }

    private FakeSocket? NextSocket(FakeSocket? except)
    {
        var candidates = _sockets.Values.Where(s => !s.Disconnecting && s != except && s.WebSocket.State == WebSocketState.Open).OrderBy(s => s.Id).ToList();
        return candidates.Count == 0 ? null : candidates[(int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)candidates.Count)];
    }

    private FakeSocket Pick(int? connectionId)
    {
        if (connectionId is { } id)
        {
            return _sockets.TryGetValue(id, out var s) ? s : throw new InvalidOperationException($"No open Socket Mode connection {id}.");
        }

        return _sockets.Values.Where(s => !s.Disconnecting).OrderBy(s => s.Id).FirstOrDefault()
            ?? throw new InvalidOperationException("No open Socket Mode connection.");
    }

    private async Task CloseLaterAsync(FakeSocket socket)
    {
        try
        {
            await Task.Delay(DisconnectCloseDelay, _disposed.Token).ConfigureAwait(false);
            await socket.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            socket.Context.Abort();
        }
    }

    internal sealed class FakeSocket(int id, WebSocket webSocket, HttpContext context)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);

        public int Id { get; } = id;

        public WebSocket WebSocket { get; } = webSocket;

        public HttpContext Context { get; } = context;

        private volatile bool _disconnecting;

        public bool Disconnecting
        {
            get => _disconnecting;
            set => _disconnecting = value;
        }

        public async Task SendAsync(string text)
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await WebSocket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task CloseAsync()
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (WebSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await WebSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }
}

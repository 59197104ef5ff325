using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Bot.Transport.SocketMode;
using SecHubBot.Fakes.Logging;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

/// <summary>
/// The Socket Mode client against the fake's real WebSocket server on loopback, in front of the
/// <see cref="DuplicateRequestFilter"/> as in the Bot, so duplicate deliveries are dropped by the one layer that does it.
/// </summary>
public sealed class SocketModeClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly CapturedLogs _logs = new();
    private SlackFake _slack = null!;
    private SocketModeClient? _client;

    public async Task InitializeAsync() => _slack = await SlackFake.StartAsync();

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _slack.DisposeAsync();
        Assert.DoesNotContain(SlackFake.AppToken, _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket=", _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DefaultConnections_OpensTwoEachFromAFreshUrl()
    {
        await StartClientAsync(new DelegateRequestHandler());

        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);
        await _client!.WaitForConnectionsAsync(2, new CancellationTokenSource(Wait).Token);

        Assert.Equal(2, _slack.SocketMode.TicketsIssued);
        Assert.Equal(2, _slack.SocketMode.ConnectionsOpened);
        Assert.True(_client.IsConnected);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task StartAsync_RejectedAppToken_LogsTheErrorCodeNeverTheTokenAndKeepsTrying()
    {
        const string badToken = "xapp-1-REVOKED-do-not-print";
        var api = _slack.CreateApiClient(o => o.AppToken = badToken);
        _client = new SocketModeClient(api, new DelegateRequestHandler(), new SocketModeOptions { MaxReconnectDelay = TimeSpan.FromMilliseconds(50), InitialReconnectDelay = TimeSpan.FromMilliseconds(10) }, _logs);

        await _client.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _slack.Calls.Count(c => c.Method == "apps.connections.open") >= 4);

        Assert.False(_client.IsConnected);
        Assert.Contains(_logs.Lines, l => l.Contains("rejected the app token (invalid_auth)", StringComparison.Ordinal));
        Assert.DoesNotContain(badToken, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Envelope_HandlerAcksWithPayload_SlackGetsThePayload()
    {
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            using var reply = JsonDocument.Parse("""{"response_type":"ephemeral","text":"working on it"}""");
            await request.AckAsync(reply.RootElement.Clone(), ct);
        });
        await StartClientAsync(handler);

        var envelope = await _slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain arn:x"));
        var payload = await envelope.Acked.WaitAsync(Wait);

        Assert.Equal("working on it", payload?.GetProperty("text").GetString());
        var request = Assert.Single(handler.Handled);
        Assert.Equal(SlackRequestKind.SlashCommand, request.Kind);
        Assert.Equal("/sechub", Assert.IsType<SlashCommandPayload>(request.Payload).Command);
        Assert.Equal(envelope.EnvelopeId, request.EnvelopeId);
        Assert.True(request.AcceptsResponsePayload);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task Envelope_HandlerThrows_StillAcked()
    {
        var handler = new DelegateRequestHandler((_, _) => throw new InvalidOperationException("boom"));
        await StartClientAsync(handler);

        var envelope = await _slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction("resolve", "f-1", "C1", "1.000001"));
        await envelope.Acked.WaitAsync(Wait);

        Assert.Null(await envelope.Acked);
        Assert.Contains(_logs.Lines, l => l.Contains("boom", StringComparison.Ordinal));
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task Envelope_SlowHandlerThatNeverAcks_ClientAcksAtDeadline()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler((_, ct) => release.Task.WaitAsync(ct));
        await StartClientAsync(handler, o => o.AckDeadline = TimeSpan.FromMilliseconds(300));

        var envelope = await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "hello"));
        await envelope.Acked.WaitAsync(Wait);

        Assert.Equal(1, handler.Running);
        Assert.InRange(envelope.AckLatency!.Value, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        release.SetResult();
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task DropSocket_BetweenEnvelopes_ReconnectsAndLosesOrRepeatsNothing()
    {
        var handler = new DelegateRequestHandler();
        await StartClientAsync(handler);
        var first = await SendEventsAsync(10);
        await Task.WhenAll(first.Select(e => e.Acked)).WaitAsync(Wait);

        _slack.SocketMode.DropSocket();
        var second = await SendEventsAsync(10);
        await Task.WhenAll(second.Select(e => e.Acked)).WaitAsync(Wait);
        await _slack.SocketMode.WaitForConnectionsOpenedAsync(3, Wait);
        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);

        await handler.WaitForAsync(20, Wait);
        Assert.Equal(20, handler.Handled.Select(r => r.EventId).Distinct().Count());
        Assert.Equal(20, handler.Handled.Count);
        Assert.Equal(3, _slack.SocketMode.TicketsIssued);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task DropSocket_WithEnvelopeInFlight_SlackResendsAndItIsHandledOnce()
    {
        // The ack goes out on a dead socket; Slack resends after 3 s (here 300 ms) on the other
        // connection, and the client acks the resend without running the handler again.
        _slack.SocketMode.AckTimeout = TimeSpan.FromMilliseconds(300);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            received.TrySetResult();
            await release.Task.WaitAsync(ct);
            await request.AckAsync(cancellationToken: ct);
        });
        await StartClientAsync(handler);

        var envelope = await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "in flight"));
        await received.Task.WaitAsync(Wait);
        _slack.SocketMode.DropSocket(envelope.LastConnectionId);
        release.SetResult();
        await envelope.Acked.WaitAsync(Wait);

        Assert.Single(handler.Handled);
        Assert.Equal([0, 1], envelope.Deliveries);
        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);
    }

    [Fact]
    public async Task RefreshRequested_WhileEnvelopesFlow_ReplacesConnectionWithNoLossOrDuplicate()
    {
        var handler = new DelegateRequestHandler();
        await StartClientAsync(handler);

        var sending = Task.Run(async () =>
        {
            var sent = new List<SlackFakeEnvelope>();
            for (var i = 0; i < 30; i++)
            {
                sent.Add(await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", $"m{i}")));
                await Task.Delay(10);
            }

            return sent;
        });
        await Task.Delay(50);
        await _slack.SocketMode.SendDisconnectAsync(SocketModeDisconnectReason.RefreshRequested);
        var envelopes = await sending.WaitAsync(Wait);
        await Task.WhenAll(envelopes.Select(e => e.Acked)).WaitAsync(Wait);
        await _slack.SocketMode.WaitForConnectionsOpenedAsync(3, Wait);
        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);

        await handler.WaitForAsync(30, Wait);
        Assert.Equal(30, handler.Handled.Count);
        Assert.Equal(30, handler.Handled.Select(r => r.EventId).Distinct().Count());
        Assert.All(envelopes, e => Assert.Equal([0], e.Deliveries));
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task TooManyWebsockets_Disconnect_ReconnectsAfterBackoff()
    {
        await StartClientAsync(new DelegateRequestHandler());

        await _slack.SocketMode.SendDisconnectAsync(SocketModeDisconnectReason.TooManyWebsockets);

        await _slack.SocketMode.WaitForConnectionsOpenedAsync(3, Wait);
        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);
        Assert.Contains(_logs.Lines, l => l.Contains("too_many_websockets", StringComparison.Ordinal));
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task LinkDisabled_Disconnect_LogsAnErrorAndRetriesSlowly()
    {
        await StartClientAsync(new DelegateRequestHandler());

        await _slack.SocketMode.SendDisconnectAsync(SocketModeDisconnectReason.LinkDisabled);

        await _slack.SocketMode.WaitForConnectionsOpenedAsync(3, Wait);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("link_disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ThreeConnectionsConfigured_KeepsThreeOpen()
    {
        await StartClientAsync(new DelegateRequestHandler(), o => o.Connections = 3);

        Assert.Equal(3, _slack.SocketMode.OpenConnections);
        Assert.Equal(3, _client!.OpenConnections);
    }

    [Fact]
    public async Task SameEnvelopeOnSecondConnection_HandledOnceAndAckedOnBothWithSamePayload()
    {
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            using var reply = JsonDocument.Parse("""{"text":"once"}""");
            await request.AckAsync(reply.RootElement.Clone(), ct);
        });
        await StartClientAsync(handler);
        await _slack.SocketMode.WaitForConnectionsAsync(2, Wait);

        var envelope = await _slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "help"));
        await envelope.Acked.WaitAsync(Wait);
        await _slack.SocketMode.DeliverAgainAsync(envelope);
        await WaitUntilAsync(() => envelope.AckCount >= 2);

        Assert.Single(handler.Handled);
        Assert.Equal(2, envelope.AckCount);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task EventRetry_WhileFirstDeliveryStillHandled_IsAckedButNotHandledAgain()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await request.AckAsync(cancellationToken: ct);
            await release.Task.WaitAsync(ct);
        });
        await StartClientAsync(handler);
        var payload = SlackFakePayloads.Message("C1", "how do I fix this?", eventId: "Ev0SAME");

        var first = await _slack.SocketMode.SendEventAsync(payload);
        await first.Acked.WaitAsync(Wait);
        var retry = await _slack.SocketMode.SendEventAsync(payload, retryAttempt: 1);
        await retry.Acked.WaitAsync(Wait);
        release.SetResult();

        var request = Assert.Single(handler.Handled);
        Assert.Equal("Ev0SAME", request.EventId);
        Assert.Equal(0, request.RetryNum);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task Envelope_RetryAttemptAndReason_ReachTheRequest()
    {
        var handler = new DelegateRequestHandler();
        await StartClientAsync(handler);

        var envelope = await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "x"), retryAttempt: 2);
        await envelope.Acked.WaitAsync(Wait);

        var request = Assert.Single(handler.Handled);
        Assert.Equal(2, request.RetryNum);
        Assert.Equal("timeout", request.RetryReason);
        Assert.Equal("message", Assert.IsType<EventCallbackPayload>(request.Payload).Event?.Type);
    }

    [Fact]
    public async Task StopAsync_HandlerInFlight_WaitsForItThenClosesSockets()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await request.AckAsync(cancellationToken: ct);
            started.SetResult();
            await release.Task.WaitAsync(ct);
            finished = true;
        });
        await StartClientAsync(handler);
        await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "x"));
        await started.Task.WaitAsync(Wait);

        var stopping = _client!.StopAsync(new CancellationTokenSource(Wait).Token);

        // What the handler had done at the moment StopAsync returned, read without waiting a fixed time.
        var finishedWhenStopped = stopping.ContinueWith(_ => finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Assert.False(stopping.IsCompleted);
        release.SetResult();

        Assert.True(await finishedWhenStopped.WaitAsync(Wait));
        await WaitUntilAsync(() => _slack.SocketMode.OpenConnections == 0);
        _slack.SocketMode.AssertNoViolations();
    }

    [Fact]
    public async Task FakeSocketMode_EnvelopeNotAckedInTime_IsAViolationAndResentWithRetryAttempt()
    {
        _slack.SocketMode.AckTimeout = TimeSpan.FromMilliseconds(200);
        var url = await _slack.CreateApiClient().OpenConnectionAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, CancellationToken.None);
        Assert.Equal("hello", (await ReceiveAsync(socket)).GetProperty("type").GetString());

        await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "never acked"));
        var firstDelivery = await ReceiveAsync(socket);
        var resent = await ReceiveAsync(socket);

        Assert.Equal(0, firstDelivery.GetProperty("retry_attempt").GetInt32());
        Assert.Equal(1, resent.GetProperty("retry_attempt").GetInt32());
        Assert.Equal("timeout", resent.GetProperty("retry_reason").GetString());
        Assert.Equal(firstDelivery.GetProperty("envelope_id").GetString(), resent.GetProperty("envelope_id").GetString());
        Assert.Throws<InvalidOperationException>(_slack.SocketMode.AssertNoViolations);
    }

    [Fact]
    public async Task FakeSocketMode_ReusedTicket_IsRefused()
    {
        var url = await _slack.CreateApiClient().OpenConnectionAsync();
        using var first = new ClientWebSocket();
        await first.ConnectAsync(url, CancellationToken.None);
        using var second = new ClientWebSocket();

        await Assert.ThrowsAnyAsync<WebSocketException>(() => second.ConnectAsync(url, CancellationToken.None));
        Assert.Contains(_slack.SocketMode.Violations, v => v.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void SocketModeEnvelope_Parse_ReadsEnvelopeAndDisconnectFrames()
    {
        var envelope = SocketModeEnvelope.Parse("""{"envelope_id":"e1","type":"events_api","payload":{"type":"event_callback"},"accepts_response_payload":false,"retry_attempt":1,"retry_reason":"timeout"}"""u8);
        var disconnect = SocketModeEnvelope.Parse("""{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"h"}}"""u8);

        Assert.Equal("e1", envelope?.EnvelopeId);
        Assert.Equal(1, envelope?.RetryAttempt);
        Assert.Equal("timeout", envelope?.RetryReason);
        Assert.Equal("refresh_requested", disconnect?.Reason);
        Assert.Null(SocketModeEnvelope.Parse("not json"u8));
        Assert.Null(SocketModeEnvelope.Parse("[1]"u8));
    }

    [Fact]
    public void ReconnectBackoff_Delay_GrowsWithJitterAndStaysUnderMax()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(7));

        var delays = Enumerable.Range(0, 10).Select(backoff.Delay).ToList();

        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(delays[3], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(30)));
        Assert.InRange(delays[9], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
    }

    private async Task StartClientAsync(ISlackRequestHandler handler, Action<SocketModeOptions>? configure = null)
    {
        var options = new SocketModeOptions
        {
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            DisconnectGrace = TimeSpan.FromMilliseconds(500),
            HelloTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        _client = new SocketModeClient(_slack.CreateApiClient(), new DuplicateRequestFilter(handler, TimeProvider.System, _logs.For<DuplicateRequestFilter>()), options, _logs);
        await _client.StartAsync(CancellationToken.None);
        await _slack.SocketMode.WaitForConnectionsAsync(options.Connections, Wait);
        await _client.WaitForConnectionsAsync(options.Connections, new CancellationTokenSource(Wait).Token);
    }

    private async Task<List<SlackFakeEnvelope>> SendEventsAsync(int count)
    {
        var sent = new List<SlackFakeEnvelope>();
        for (var i = 0; i < count; i++)
        {
            sent.Add(await _slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", $"m{i}")));
        }

        return sent;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(Wait);
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count));
        return document.RootElement.Clone();
    }
}

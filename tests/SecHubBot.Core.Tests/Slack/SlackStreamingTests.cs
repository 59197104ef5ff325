using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Core.Tests.Slack;

/// <summary>The streaming methods and assistant.threads.setStatus against the Slack fake: documented parameters, errors and state.</summary>
public sealed class SlackStreamingTests : IAsyncLifetime
{
    private SlackFake _slack = null!;
    private SlackApiClient _client = null!;
    private string _parentTs = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackFake.StartAsync();
        _client = _slack.CreateApiClient();
        _parentTs = (await _client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "alert" })).Ts;
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task StopStreamAsync_Twice_SecondAnswersNotInStreamingState()
    {
        var stream = await StartAsync("Hello");
        await _client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts });

        var again = await Assert.ThrowsAsync<SlackApiException>(() => _client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts }));

        Assert.Equal("message_not_in_streaming_state", again.Error);
    }

    [Fact]
    public async Task StopStreamAsync_MarkdownAndBlocks_BlocksRenderBelowTheText()
    {
        var stream = await StartAsync("Answer");
        var blocks = new Block[] { new ContextActionsBlock([new FeedbackButtonsElement(new FeedbackButton(new PlainText("👍"), "up"), new FeedbackButton(new PlainText("👎"), "down")) { ActionId = "fb" }]) };

        await _client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts, MarkdownText = " done", Blocks = blocks });

        var reply = _slack.Thread("C1", _parentTs)[^1];
        Assert.Equal("Answer done", reply.MarkdownText);
        Assert.Equal("feedback_buttons", reply.Blocks!.Value[0].GetProperty("elements")[0].GetProperty("type").GetString());
        Assert.Equal("up", _slack.CallsTo("chat.stopStream").Single().Body.GetProperty("blocks")[0].GetProperty("elements")[0].GetProperty("positive_button").GetProperty("value").GetString());
    }

    [Fact]
    public async Task StopStreamAsync_ContextActionsWithSixElements_InvalidBlocks()
    {
        var stream = await StartAsync("Answer");
        var six = Enumerable.Range(0, 6).Select(i => (BlockElement)new FeedbackButtonsElement(new FeedbackButton(new PlainText("+"), "u"), new FeedbackButton(new PlainText("-"), "d")) { ActionId = "fb" + i }).ToList();

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts, Blocks = [new ContextActionsBlock(six)] }));

        Assert.Equal("invalid_blocks", ex.Error);
    }

    [Fact]
    public async Task AppendStreamAsync_MarkdownOverTwelveThousand_Refused()
    {
        var stream = await StartAsync("Answer");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, new string('x', StreamLimits.MarkdownText + 1))));
        await _client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, new string('x', StreamLimits.MarkdownText)));

        Assert.Equal("msg_too_long", ex.Error);
    }

    [Fact]
    public async Task UpdateMessageAsync_WhileStreaming_StreamingStateConflict()
    {
        var stream = await StartAsync("Answer");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _client.UpdateMessageAsync(new SlackMessage { Channel = "C1", Ts = stream.Ts, Text = "edit" }));

        Assert.Equal("streaming_state_conflict", ex.Error);
    }

    [Fact]
    public async Task StartStreamAsync_StreamingRefused_AnswersTheRefusal()
    {
        _slack.StreamingRefusal = "channel_type_not_supported";

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => StartAsync("Answer"));

        Assert.Equal("channel_type_not_supported", ex.Error);
        Assert.Single(_slack.Thread("C1", _parentTs));
    }

    [Fact]
    public async Task AppendStreamAsync_StreamExpired_KeepsItsTextAndRefusesMore()
    {
        _slack.StreamsExpireAfterAppends = 1;
        var stream = await StartAsync("One");
        await _client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, " two"));

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, " three")));
        var stop = await Assert.ThrowsAsync<SlackApiException>(() => _client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts }));

        Assert.Equal("message_not_in_streaming_state", ex.Error);
        Assert.Equal("message_not_in_streaming_state", stop.Error);
        Assert.Equal("One two", _slack.Thread("C1", _parentTs)[^1].MarkdownText);
    }

    [Fact]
    public async Task SetThreadStatusAsync_ShownUntilTheBotReplies()
    {
        await _client.SetThreadStatusAsync(new SetStatusRequest("C1", _parentTs, "Reading the finding…") { LoadingMessages = ["Reading…", "Thinking…"] });
        var shown = _slack.ThreadStatus("C1", _parentTs);

        await StartAsync("Answer");

        Assert.Equal("Reading the finding…", shown);
        Assert.Null(_slack.ThreadStatus("C1", _parentTs));
        var call = _slack.CallsTo("assistant.threads.setStatus").Single();
        Assert.Equal("C1", call.Arg("channel_id"));
        Assert.Equal(2, call.Body.GetProperty("loading_messages").GetArrayLength());
    }

    [Theory]
    [InlineData("C404", null, "channel_not_found")]
    [InlineData("C1", "1.000000", "invalid_thread_ts")]
    public async Task SetThreadStatusAsync_UnknownChannelOrThread_DocumentedErrors(string channel, string? threadTs, string error)
    {
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _client.SetThreadStatusAsync(new SetStatusRequest(channel, threadTs ?? _parentTs, "Thinking…")));

        Assert.Equal(error, ex.Error);
    }

    [Fact]
    public async Task SetThreadStatusAsync_ElevenLoadingMessages_RejectedBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.SetThreadStatusAsync(new SetStatusRequest("C1", _parentTs, "x") { LoadingMessages = [.. Enumerable.Repeat("m", SlackFake.MaxLoadingMessages + 1)] }));

        Assert.Empty(_slack.CallsTo("assistant.threads.setStatus"));
    }

    private Task<StreamResult> StartAsync(string markdown) =>
        _client.StartStreamAsync(new StartStreamRequest { Channel = "C1", ThreadTs = _parentTs, MarkdownText = markdown, RecipientUserId = "U1", RecipientTeamId = SlackFake.TeamId });
}

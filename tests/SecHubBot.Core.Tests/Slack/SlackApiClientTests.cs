using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Fakes.Logging;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Core.Tests.Slack;

public sealed class SlackApiClientTests : IAsyncLifetime
{
    private SlackFake _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackFake.StartAsync();

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task PostMessageAsync_Message_SendsJsonWithBotTokenAndReturnsTs()
    {
        var client = _slack.CreateApiClient();
        var metadata = new MessageMetadata(FindingAlertMetadata.EventType, new FindingAlertMetadata { FindingId = "f-1", Severity = "HIGH" });

        var result = await client.PostMessageAsync(new SlackMessage
        {
            Channel = "C1",
            Text = "alert",
            Blocks = [new SectionBlock { Text = new MrkdwnText("*hi*") }],
            Metadata = metadata,
        });

        var call = Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Equal("C1", result.Channel);
        Assert.Equal(_slack.Messages("C1").Single().Ts, result.Ts);
        Assert.Equal(SlackFake.BotToken, call.Token);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("section", call.Body.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("f-1", call.Body.GetProperty("metadata").GetProperty("event_payload").GetProperty("finding_id").GetString());
        Assert.False(call.Body.GetProperty("unfurl_links").GetBoolean());
    }

    [Fact]
    public async Task PostMessageAsync_SlackAnswersOkFalse_ThrowsWithMethodAndErrorButNoToken()
    {
        var logs = new CapturedLogs();
        var client = _slack.CreateApiClient(logger: logs.For<SlackApiClient>());
        _slack.FailNext("chat.postMessage", "channel_not_found");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new SlackMessage { Channel = "C404", Text = "x" }));

        Assert.Equal("chat.postMessage", ex.Method);
        Assert.Equal("channel_not_found", ex.Error);
        Assert.Contains("channel_not_found", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackFake.BotToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SlackFake.BotToken, logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessageAsync_WrongToken_ThrowsInvalidAuthWithoutToken()
    {
        const string secret = "xoxb-this-must-never-leak";
        var logs = new CapturedLogs();
        var client = _slack.CreateApiClient(o => o.BotToken = secret, logs.For<SlackApiClient>());

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.AuthTestAsync());

        Assert.Equal("invalid_auth", ex.Error);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, _slack.CreateOptions(o => o.BotToken = secret).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessageAsync_RateLimited_WaitsRetryAfterAndDeliversOnce()
    {
        var client = _slack.CreateApiClient();
        _slack.RateLimitNext("chat.postMessage", retryAfterSeconds: 1, count: 2);
        var started = DateTimeOffset.UtcNow;

        await client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "once" });

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1.9), "Retry-After: 1 was not honoured twice");
        Assert.Equal(3, _slack.Calls.Count(c => c.Method == "chat.postMessage"));
        Assert.Single(_slack.Messages("C1"));
    }

    [Fact]
    public async Task PostMessageAsync_RateLimitedPastRetryBudget_ThrowsRatelimited()
    {
        var client = _slack.CreateApiClient(o => o.MaxRateLimitRetries = 2);
        _slack.RateLimitNext("chat.postMessage", retryAfterSeconds: 0, count: 3);

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "x" }));

        Assert.True(ex.IsRateLimited);
        Assert.Empty(_slack.Messages("C1"));
    }

    [Fact]
    public async Task PostMessageAsync_429StormAcrossChannels_LosesNothing()
    {
        var client = _slack.CreateApiClient();
        _slack.RateLimitNext("chat.postMessage", retryAfterSeconds: 1, count: 6);
        _slack.RateLimitNext("chat.update", retryAfterSeconds: 1, count: 2);
        var channels = new[] { "C1", "C2", "C3", "C4" };

        var posts = channels.SelectMany(c => Enumerable.Range(0, 5).Select(i => (Channel: c, Text: $"{c}-{i}")))
            .Select(m => client.PostMessageAsync(new SlackMessage { Channel = m.Channel, Text = m.Text }))
            .ToList();
        var results = await Task.WhenAll(posts);
        foreach (var channel in channels)
        {
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{channel}-{i}"), _slack.Messages(channel).Select(m => m.Text));
        }

        await Task.WhenAll(results.Select(r => client.UpdateMessageAsync(new SlackMessage { Channel = r.Channel, Ts = r.Ts, Text = "updated" })));

        Assert.All(channels.SelectMany(_slack.Messages), m => Assert.Equal(1, m.Updates));
        Assert.Equal(20, _slack.CallsTo("chat.postMessage").Count);
        Assert.Equal(20, _slack.CallsTo("chat.update").Count);
    }

    [Fact]
    public async Task PostMessageAsync_BurstToOneChannel_ArrivesWholeInOrderWithoutPacingViolations()
    {
        _slack.PostMessageMinInterval = TimeSpan.FromMilliseconds(30);
        var client = _slack.CreateApiClient();

        var posts = Enumerable.Range(0, 40).Select(i => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = $"alert {i}" })).ToList();
        await Task.WhenAll(posts);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"alert {i}"), _slack.Messages("C1").Select(m => m.Text));
        Assert.Equal(0, _slack.PacingViolations);
        Assert.DoesNotContain(_slack.Calls, c => c.Answered429);
    }

    [Fact]
    public async Task PostMessageAsync_BurstWithoutPacing_FakeAnswers429AndClientStillDeliversInOrder()
    {
        _slack.PostMessageMinInterval = TimeSpan.FromMilliseconds(200);
        var client = _slack.CreateApiClient(o => o.PostMessageInterval = TimeSpan.Zero);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = $"m{i}" })));

        Assert.True(_slack.PacingViolations > 0);
        Assert.Equal(["m0", "m1", "m2"], _slack.Messages("C1").Select(m => m.Text));
    }

    [Fact]
    public async Task PostMessageAsync_SlackOutage_ThrowsHttpStatusWithoutRetrying()
    {
        var client = _slack.CreateApiClient();
        _slack.ServerErrorNext("chat.postMessage", 503);

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "x" }));

        Assert.Equal("http_503", ex.Error);
        Assert.Single(_slack.Calls);
    }

    [Fact]
    public async Task PostMessageAsync_TooManyBlocks_ThrowsInvalidBlocksWithSlacksDetail()
    {
        var client = _slack.CreateApiClient();
        var blocks = Enumerable.Range(0, 51).Select(_ => (Block)new DividerBlock()).ToList();

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "x", Blocks = blocks }));

        Assert.Equal("invalid_blocks", ex.Error);
        Assert.Contains(ex.ResponseMessages, m => m.Contains("50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostMessageAsync_SectionTextOverLimit_ThrowsInvalidBlocks()
    {
        var client = _slack.CreateApiClient();
        var tooLong = new SectionBlock { Text = new MrkdwnText(new string('x', 3001)) };

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "x", Blocks = [tooLong] }));

        Assert.Equal("invalid_blocks", ex.Error);
        Assert.Contains(ex.ResponseMessages, m => m.Contains("3001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateMessageAsync_UnknownTs_ThrowsMessageNotFound()
    {
        var client = _slack.CreateApiClient();

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.UpdateMessageAsync(new SlackMessage { Channel = "C1", Ts = "1.000001", Text = "x" }));

        Assert.Equal("chat.update", ex.Method);
        Assert.Equal("message_not_found", ex.Error);
    }

    [Fact]
    public async Task GetThreadAsync_LongThread_FollowsCursorsAndKeepsMetadata()
    {
        var client = _slack.CreateApiClient();
        var parent = await client.PostMessageAsync(new SlackMessage
        {
            Channel = "C1",
            Text = "parent",
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, new FindingAlertMetadata { FindingId = "arn:f", ControlId = "S3.1" }),
        });
        for (var i = 0; i < 24; i++)
        {
            _slack.AddMessage("C1", $"reply {i}", parent.Ts);
        }

        var thread = await client.GetThreadAsync("C1", parent.Ts, pageSize: 5);

        var replies = _slack.CallsTo("conversations.replies");
        Assert.Equal(5, replies.Count);
        Assert.All(replies, c => Assert.Equal("GET", c.HttpMethod));
        Assert.All(replies, c => Assert.Equal("true", c.Arg("include_all_metadata")));
        Assert.Equal(25, thread.Count);
        Assert.Equal(["parent", .. Enumerable.Range(0, 24).Select(i => $"reply {i}")], thread.Select(m => m.Text));
        var alert = thread[0].Metadata?.AsFindingAlert();
        Assert.Equal("arn:f", alert?.FindingId);
        Assert.Equal("S3.1", alert?.ControlId);
        Assert.True(thread[0].IsThreadParent);
        Assert.False(thread[1].IsThreadParent);
    }

    [Fact]
    public async Task OtherMethods_AgainstFake_SendTheRightShapesAndParseAnswers()
    {
        var client = _slack.CreateApiClient();
        _slack.AddUser("U1", "ana", "Ana Lyst", displayName: "ana.l");
        _slack.AddUserGroup("S1", "U1", "U2");
        var responseUrl = _slack.NewResponseUrl();

        var auth = await client.AuthTestAsync();
        var user = await client.GetUserAsync("U1");
        var members = await client.ListUserGroupMembersAsync("S1");
        var ephemeral = await client.PostEphemeralAsync(new EphemeralMessage { Channel = "C1", User = "U1", Text = "only you" });
        var view = await client.OpenViewAsync("123.456.abc", new ModalView
        {
            Title = new PlainText("Resolve"),
            CallbackId = "resolve",
            Blocks = [new InputBlock(new PlainText("Reason"), new PlainTextInputElement { ActionId = "reason" }) { BlockId = "reason" }],
        });
        await client.PostToResponseUrlAsync(responseUrl, new ResponseUrlMessage { Text = "done", ReplaceOriginal = false, ResponseType = ResponseUrlMessage.Ephemeral });
        var socketUrl = await client.OpenConnectionAsync();

        Assert.Equal(SlackFake.BotUserId, auth.UserId);
        Assert.Equal(SlackFake.BotId, auth.BotId);
        Assert.Equal("ana.l", user.DisplayName);
        Assert.Equal(["U1", "U2"], members);
        Assert.False(string.IsNullOrEmpty(ephemeral.MessageTs));
        Assert.StartsWith("V", view.Id, StringComparison.Ordinal);
        Assert.Equal("ws", socketUrl.Scheme);
        Assert.Equal(SlackFake.AppToken, _slack.CallsTo("apps.connections.open").Single().Token);
        Assert.Equal("U1", _slack.CallsTo("users.info").Single().Arg("user"));
        Assert.Equal("GET", _slack.CallsTo("usergroups.users.list").Single().HttpMethod);
        var viewBody = _slack.CallsTo("views.open").Single().Body.GetProperty("view");
        Assert.Equal("modal", viewBody.GetProperty("type").GetString());
        Assert.Equal("plain_text", viewBody.GetProperty("title").GetProperty("type").GetString());
        Assert.Equal("done", Assert.Single(_slack.ResponseUrlPosts(responseUrl)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task StreamMethods_StartAppendStop_BuildOneReplyAndRefuseAppendsAfterStop()
    {
        var client = _slack.CreateApiClient();
        var parent = await client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "alert" });

        var stream = await client.StartStreamAsync(new StartStreamRequest
        {
            Channel = "C1",
            ThreadTs = parent.Ts,
            MarkdownText = "Looking",
            RecipientUserId = "U1",
            RecipientTeamId = SlackFake.TeamId,
        });
        await client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, " at the finding"));
        await client.StopStreamAsync(new StopStreamRequest { Channel = "C1", Ts = stream.Ts, MarkdownText = "." });
        var late = await Assert.ThrowsAsync<SlackApiException>(() => client.AppendStreamAsync(new AppendStreamRequest("C1", stream.Ts, "more")));

        var reply = _slack.Thread("C1", parent.Ts)[^1];
        Assert.Equal("Looking at the finding.", reply.MarkdownText);
        Assert.Equal("completed", reply.StreamState);
        Assert.Equal("message_not_in_streaming_state", late.Error);
        Assert.Equal("U1", _slack.CallsTo("chat.startStream").Single().Arg("recipient_user_id"));
    }

    [Fact]
    public async Task StartStreamAsync_InChannelWithoutRecipient_ThrowsMissingRecipient()
    {
        var client = _slack.CreateApiClient();
        var parent = await client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "alert" });

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.StartStreamAsync(new StartStreamRequest { Channel = "C1", ThreadTs = parent.Ts }));

        Assert.Equal("missing_recipient_user_id", ex.Error);
    }

    [Fact]
    public async Task GetUserAsync_UnknownUser_ThrowsUserNotFound()
    {
        var client = _slack.CreateApiClient();

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => client.GetUserAsync("U404"));

        Assert.Equal("user_not_found", ex.Error);
    }

    [Fact]
    public async Task OpenConnectionAsync_NoAppToken_ThrowsNamingTheKey()
    {
        var client = _slack.CreateApiClient(o => o.AppToken = null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.OpenConnectionAsync());

        Assert.Contains("Slack:AppToken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlackJson_PostMessageBody_MatchesSlackWireShape()
    {
        var json = JsonSerializer.Serialize(new SlackMessage { Channel = "C1", Text = "t", ThreadTs = "1.2", ReplyBroadcast = true }, SlackJson.Context.SlackMessage);

        Assert.Equal("""{"channel":"C1","text":"t","thread_ts":"1.2","reply_broadcast":true,"unfurl_links":false,"unfurl_media":false}""", json);
    }
}

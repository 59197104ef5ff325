using SecHubBot.Bot.Conversation;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Conversation;

/// <summary>
/// Follow-up answers end to end: Slack fake over real Socket Mode, fake Security Hub, fake Bedrock. These
/// run the placeholder and chat.update path, which answers wherever Slack refuses the thread status (and so
/// streaming); the streaming path is in <see cref="NativeAnswerJourneyTests"/>.
/// </summary>
public sealed class FollowUpJourneyTests : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync();
        _host.Slack.StatusRefusal = "missing_scope";
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ThreadReply_InAlertThread_PlaceholderThenConvertedAnswer()
    {
        _host.Bedrock.Reply = _ => "**Use CDK**: set `ingress` rules.\n\nSee [the docs](https://docs.aws.amazon.com/cdk/v2/guide/home.html) and [this](https://evil.example/x). Ping <@U0BOSS> and @here <!channel>.";
        var parentTs = await _host.PostAlertAsync();

        await _host.ReplyAsync(parentTs, "how do I fix this in CDK?");

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        var replies = _host.BotReplies(parentTs);
        var answer = replies.Last();
        Assert.Equal(2, replies.Count); // first reply of the alert + the answer (placeholder updated in place)
        Assert.Contains("*Use CDK*", answer.Text, StringComparison.Ordinal);
        Assert.Contains("<https://docs.aws.amazon.com/cdk/v2/guide/home.html|the docs>", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", answer.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;@U0BOSS&gt;", answer.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", answer.Text, StringComparison.Ordinal);

        var placeholder = _host.Slack.CallsTo("chat.postMessage").Last();
        Assert.Equal(AnswerStream.PlaceholderText, placeholder.Body.GetProperty("text").GetString());

        var prompt = Assert.Single(_host.Bedrock.Invocations);
        Assert.Contains(BotTestHost.FindingId, prompt.PromptText, StringComparison.Ordinal);
        Assert.Contains("Alice: how do I fix this in CDK?", prompt.PromptText, StringComparison.Ordinal);
        Assert.Contains(FollowUpPrompt.FenceOpen, prompt.PromptText, StringComparison.Ordinal);
        var roles = prompt.Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal("user", roles[0]);
        Assert.Equal("user", roles[^1]);
        Assert.Contains("assistant", roles);
        Assert.False(prompt.Json.TryGetProperty("tools", out _));
        Assert.Equal(1, _host.SecurityHub.GetFindingsCalls);
    }

    [Fact]
    public async Task ThreadReply_FromTheBotItself_Ignored()
    {
        var parentTs = await _host.PostAlertAsync();

        var (envelope, _) = await _host.ReplyAsync(parentTs, "I am the bot", user: SlackFake.BotUserId);
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await Task.Delay(300);

        Assert.Equal(0, _host.Bedrock.Calls);
        Assert.Single(_host.BotReplies(parentTs));
    }

    [Theory]
    [InlineData("bot_message", "B0FAKE")]
    [InlineData("message_changed", null)]
    [InlineData("message_deleted", null)]
    [InlineData(null, "B0OTHERAPP")]
    public async Task ThreadReply_BotMessageEditOrDeletion_Ignored(string? subtype, string? botId)
    {
        var parentTs = await _host.PostAlertAsync();
        var inner = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["channel"] = SlackFake.DefaultChannel,
            ["user"] = BotTestHost.Person,
            ["text"] = "edited question?",
            ["ts"] = _host.Slack.AddMessage(SlackFake.DefaultChannel, "edited question?", parentTs, BotTestHost.Person),
            ["thread_ts"] = parentTs,
        };
        if (subtype is not null)
        {
            inner["subtype"] = subtype;
        }

        if (botId is not null)
        {
            inner["bot_id"] = botId;
        }

        var envelope = await _host.Slack.SocketMode.SendEventAsync(SlackFakePayloads.EventCallback(inner));
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await Task.Delay(300);

        Assert.Equal(0, _host.Bedrock.Calls);
        Assert.Single(_host.BotReplies(parentTs));
    }

    [Fact]
    public async Task ThreadReply_OutsideAlertThread_Ignored()
    {
        var parentTs = _host.Slack.AddMessage(SlackFake.DefaultChannel, "lunch?", user: BotTestHost.Person);

        var (envelope, _) = await _host.ReplyAsync(parentTs, "pizza");
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await Task.Delay(300);

        Assert.Equal(0, _host.Bedrock.Calls);
        Assert.Empty(_host.BotReplies(parentTs));
        Assert.DoesNotContain(_host.Slack.CallsTo("chat.postMessage"), c => c.Body.TryGetProperty("thread_ts", out var t) && t.GetString() == parentTs);
    }

    [Fact]
    public async Task ThreadReply_ModelFails_ThreadSaysSo()
    {
        _host.Bedrock.ThrottleNext(5);
        var parentTs = await _host.PostAlertAsync();

        await _host.ReplyAsync(parentTs, "what now?");

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text == FollowUpResponder.ModelFailedText), "the failure notice");
    }

    [Fact]
    public async Task ThreadReply_NewerQuestion_SupersedesUnfinishedAnswer()
    {
        _host.Bedrock.Delay = TimeSpan.FromSeconds(1.5);
        _host.Bedrock.Reply = i => i.PromptText.Contains("second question", StringComparison.Ordinal) ? "Answer two." : "Answer one.";
        var parentTs = await _host.PostAlertAsync();

        await _host.ReplyAsync(parentTs, "first question");
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 2, "the first placeholder");
        await _host.ReplyAsync(parentTs, "second question");

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("Answer two.", StringComparison.Ordinal) == true), "the second answer");
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text == FollowUpResponder.SupersededText), "the superseded notice");
        Assert.DoesNotContain(_host.BotReplies(parentTs), m => m.Text?.Contains("Answer one.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ThreadReply_SocketDropsMidAnswer_AnswerArrivesExactlyOnce()
    {
        _host.Bedrock.Delay = TimeSpan.FromSeconds(1);
        var parentTs = await _host.PostAlertAsync();

        var (envelope, payload) = await _host.ReplyAsync(parentTs, "is this exploitable?");
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 2, "the placeholder");
        _host.Slack.SocketMode.DropSocket(envelope.LastConnectionId);

        // Slack's retry of the same event (same event_id, new envelope) on the surviving connection.
        await _host.Slack.SocketMode.SendEventAsync(payload, retryAttempt: 1);

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        await Task.Delay(500);
        Assert.Equal(2, _host.BotReplies(parentTs).Count);
        Assert.Equal(1, _host.Bedrock.Calls);
        await _host.Slack.SocketMode.WaitForConnectionsAsync(2, BotTestHost.Wait);
    }

    [Fact]
    public async Task ThreadReply_LongAnswer_SplitIntoSeveralMessagesWithClosedFences()
    {
        var code = string.Join('\n', Enumerable.Range(1, 250).Select(i => $"const rule{i} = new ec2.CfnSecurityGroupIngress(this, 'R{i}');"));
        _host.Bedrock.Reply = _ => "Here is the code:\n\n```ts\n" + code + "\n```\n\nDone.";
        var parentTs = await _host.PostAlertAsync();

        await _host.ReplyAsync(parentTs, "show me everything");

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the last part");
        var parts = _host.BotReplies(parentTs).Skip(1).Select(m => m.Text!).ToList();
        Assert.True(parts.Count >= 3, $"expected several parts, got {parts.Count}");
        Assert.All(parts, p => Assert.True(p.Length <= 4000));
        Assert.All(parts, p => Assert.Equal(0, CountFences(p) % 2));
        Assert.Contains("rule250", parts[^1], StringComparison.Ordinal);
    }

    private static int CountFences(string text) => (text.Length - text.Replace("```", string.Empty, StringComparison.Ordinal).Length) / 3;
}

public sealed class FollowUpMentionsModeTests
{
    [Fact]
    public async Task ThreadReply_MentionsModeWithoutMention_Ignored_WithMention_Answered()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Bot:ReplyMode"] = "mentions" });
        host.Slack.StatusRefusal = "missing_scope";
        var parentTs = await host.PostAlertAsync();

        var (plain, _) = await host.ReplyAsync(parentTs, "just chatting");
        await plain.Acked.WaitAsync(BotTestHost.Wait);
        await Task.Delay(300);
        Assert.Equal(0, host.Bedrock.Calls);

        await host.ReplyAsync(parentTs, $"<@{SlackFake.BotUserId}> how do I fix it?");
        await BotTestHost.Until(() => host.Bedrock.Calls == 1 && host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
    }

    [Fact]
    public async Task ThreadReply_OfflineMode_SaysAnswersNeedTheModel()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Explain:Mode"] = "offline" });
        host.Slack.StatusRefusal = "missing_scope";
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "how?");

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.Text == FollowUpResponder.OfflineText), "the offline notice");
    }
}

using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Conversation;

/// <summary>
/// Answers with Slack's AI features, end to end over the fakes: the thread status, chat.startStream /
/// appendStream / stopStream, the chat.update fallback when Slack refuses or a stream expires, and the
/// feedback and suggested-question buttons.
/// </summary>
public sealed class NativeAnswerJourneyTests
{
    private const string Hostile = "**Use CDK**: set `ingress` rules, e.g. `Array<string>`.\n\nSee [the docs](https://docs.aws.amazon.com/cdk/v2/guide/home.html) and [this](https://evil.example/x), or http://evil.example/y. Ping <@U0BOSS> and @here <!channel>.";

    [Fact]
    public async Task ThreadReply_StreamingAllowed_StatusThenStreamedMarkdownWithFeedbackAndSuggestions()
    {
        await using var host = await BotTestHost.StartAsync();
        host.Bedrock.Reply = _ => Hostile;
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "how do I fix this in CDK?");

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.StreamState == "completed"), "the streamed answer");
        var answer = host.BotReplies(parentTs).Single(m => m.StreamState is not null);
        var status = host.Slack.CallsTo("assistant.threads.setStatus");
        Assert.Equal(ThreadStatusLine.ReadingFinding, status[0].Arg("status"));
        Assert.Equal(parentTs, status[0].Arg("thread_ts"));
        Assert.Contains(status, c => c.Arg("status") == "Asking Claude…");
        Assert.True(status[0].At <= host.Slack.CallsTo("chat.startStream").Single().At);
        var start = host.Slack.CallsTo("chat.startStream").Single();
        Assert.Equal(BotTestHost.Person, start.Arg("recipient_user_id"));
        Assert.Equal(SlackFake.TeamId, start.Arg("recipient_team_id"));
        Assert.Equal(parentTs, start.Arg("thread_ts"));
        Assert.Single(host.Slack.CallsTo("chat.stopStream"));
        Assert.Empty(host.Slack.CallsTo("chat.update"));
        Assert.Null(host.Slack.ThreadStatus(SlackFake.DefaultChannel, parentTs));

        var text = answer.MarkdownText!;
        Assert.Contains("**Use CDK**", text, StringComparison.Ordinal);
        Assert.Contains("`Array<string>`", text, StringComparison.Ordinal);
        Assert.Contains("[the docs](https://docs.aws.amazon.com/cdk/v2/guide/home.html)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", text, StringComparison.Ordinal);
        Assert.Contains(AnswerStream.AiFooterText, text, StringComparison.Ordinal);

        var blocks = answer.Blocks!.Value.EnumerateArray().ToList();
        var feedback = blocks[0].GetProperty("elements")[0];
        Assert.Equal("context_actions", blocks[0].GetProperty("type").GetString());
        Assert.Equal("feedback_buttons", feedback.GetProperty("type").GetString());
        Assert.True(FeedbackValue.TryParse(feedback.GetProperty("negative_button").GetProperty("value").GetString(), out var value));
        Assert.False(value.Positive);
        Assert.Equal(FollowUpPrompt.PromptVersion, value.PromptVersion);
        var suggestions = blocks[1].GetProperty("elements").EnumerateArray().Select(b => b.GetProperty("text").GetProperty("text").GetString()).ToList();
        Assert.InRange(suggestions.Count, 2, 3);
        Assert.DoesNotContain("How do I fix this in CDK?", suggestions);
    }

    [Fact]
    public async Task ThreadReply_WorkspaceRefusesStreaming_AnsweredByChatUpdateAndRefusalRemembered()
    {
        await using var host = await BotTestHost.StartAsync();
        host.Slack.StreamingRefusal = "access_denied";
        host.Bedrock.Reply = _ => Hostile;
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "first?");
        await BotTestHost.Until(() => host.BotReplies(parentTs).Count(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true) == 1, "the first answer");
        await host.ReplyAsync(parentTs, "second?");
        await BotTestHost.Until(() => host.BotReplies(parentTs).Count(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true) == 2, "the second answer");

        Assert.Single(host.Slack.CallsTo("chat.startStream"));
        var answers = host.BotReplies(parentTs).Where(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true).ToList();
        Assert.All(answers, a => Assert.Contains("*Use CDK*", a.Text, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Contains("&lt;@U0BOSS&gt;", a.Text, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Contains(a.Blocks!.Value.EnumerateArray(), b => b.GetProperty("type").GetString() == "context_actions"));
    }

    [Fact]
    public async Task ThreadReply_StreamExpiresMidAnswer_RestArrivesByFallbackWithoutLoss()
    {
        var paragraphs = Enumerable.Range(1, 8).Select(i => $"Paragraph {i} explains step {i}.\n\n").ToList();
        var model = new StreamingAnswerTests.TrickleChatClient(paragraphs, TimeSpan.FromMilliseconds(350));
        await using var host = await BotTestHost.StartAsync(configureServices: s => s.AddSingleton(new FollowUpModel(model, "trickle", 1024)));
        host.Slack.StreamsExpireAfterAppends = 1;
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "walk me through it");

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the rest by chat.update");
        var streamed = host.BotReplies(parentTs).Single(m => m.StreamState is not null);
        Assert.Equal("expired", streamed.StreamState);
        var everything = string.Join('\n', host.BotReplies(parentTs).Select(m => m.Content));
        Assert.All(Enumerable.Range(1, 8), i => Assert.Contains($"Paragraph {i} explains", everything, StringComparison.Ordinal));
        Assert.Contains("Paragraph 1 explains", streamed.MarkdownText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadReply_AnswerLongerThanOneStream_SplitIntoStreamedMessagesWithWholeFences()
    {
        var code = string.Concat(Enumerable.Range(0, 120).Select(i => $"sg.addIngressRule(ec2.Peer.ipv4('10.0.{i}.0/24'), ec2.Port.tcp(443), 'rule {i}');\n"));
        var answer = string.Concat(Enumerable.Range(1, 4).Select(i => $"Part {i}:\n\n```ts\n{code}```\n\n"));
        await using var host = await BotTestHost.StartAsync();
        host.Bedrock.Reply = _ => answer;
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "all the rules?");

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.MarkdownText?.Contains(AnswerStream.AiFooterText, StringComparison.Ordinal) == true), "the last part");
        var parts = host.BotReplies(parentTs).Where(m => m.StreamState is not null).ToList();
        Assert.True(parts.Count >= 2, $"{parts.Count} messages for {answer.Length} characters");
        Assert.All(parts, p => Assert.Equal("completed", p.StreamState));
        Assert.All(parts, p => Assert.True(p.MarkdownText!.Length <= SlackFake.StreamMarkdownLimit, $"{p.MarkdownText.Length} characters"));
        Assert.All(parts, p => Assert.Equal(0, CountOf(p.MarkdownText!, "```") % 2));
        Assert.Equal(4 * 120, parts.Sum(p => CountOf(p.MarkdownText!, "sg.addIngressRule")));
        Assert.NotNull(parts[^1].Blocks);
        Assert.All(parts.SkipLast(1), p => Assert.Null(p.Blocks));
    }

    [Fact]
    public async Task ThreadReply_StatusRefused_PlaceholderFirstAndRefusalRemembered()
    {
        await using var host = await BotTestHost.StartAsync();
        host.Slack.StatusRefusal = "missing_scope";
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "first?");
        await BotTestHost.Until(() => host.BotReplies(parentTs).Count(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true) == 1, "the first answer");
        await host.ReplyAsync(parentTs, "second?");
        await BotTestHost.Until(() => host.BotReplies(parentTs).Count(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true) == 2, "the second answer");

        Assert.Single(host.Slack.CallsTo("assistant.threads.setStatus"));
        Assert.Empty(host.Slack.CallsTo("chat.startStream"));
        Assert.Equal(2, host.Slack.CallsTo("chat.postMessage").Count(c => c.Arg("text") == AnswerStream.PlaceholderText));
    }

    [Fact]
    public async Task FeedbackClick_Negative_RecordedWithoutTextAndOffersMoreDetail()
    {
        await using var host = await BotTestHost.StartAsync();
        var parentTs = await host.PostAlertAsync();
        await host.ReplyAsync(parentTs, "how?");
        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.StreamState == "completed"), "the answer");
        var answer = host.BotReplies(parentTs).Single(m => m.StreamState is not null);
        var negative = answer.Blocks!.Value[0].GetProperty("elements")[0].GetProperty("negative_button").GetProperty("value").GetString()!;
        using var recorded = new FeedbackRecorder();

        var click = await host.Slack.SocketMode.SendInteractiveAsync(Click(AnswerActions.FeedbackActionId, negative, answer.Ts, parentTs));

        await click.Acked.WaitAsync(BotTestHost.Wait);
        await BotTestHost.Until(() => host.Slack.CallsTo("chat.postEphemeral").Count == 1, "the offer");
        var offer = host.Slack.CallsTo("chat.postEphemeral").Single();
        Assert.Equal(BotTestHost.Person, offer.Arg("user"));
        var button = offer.Body.GetProperty("blocks")[1].GetProperty("elements")[0];
        Assert.Equal(AnswerActions.SuggestActionIds[0], button.GetProperty("action_id").GetString());
        Assert.Equal(new SuggestionValue(SuggestedQuestions.MoreDetail.Id, parentTs).Format(), button.GetProperty("value").GetString());
        var (tags, _) = Assert.Single(recorded.Clicks);
        Assert.Equal("negative", tags["rating"]);
        Assert.Equal(FollowUpPrompt.PromptVersion, tags["prompt_version"]);
        Assert.DoesNotContain(tags.Values, v => v?.ToString()?.Contains("CDK", StringComparison.Ordinal) == true);
        Assert.Equal(1, host.SecurityHub.GetFindingsCalls);
    }

    [Theory]
    [InlineData("down|not-an-id|m|p")]
    [InlineData("down|0123456789abcdef0123456789abcdef|model with spaces|p")]
    [InlineData("meh|0123456789abcdef0123456789abcdef|m|p")]
    public async Task FeedbackClick_ForgedValue_IgnoredAfterTheAck(string forged)
    {
        await using var host = await BotTestHost.StartAsync();
        var parentTs = await host.PostAlertAsync();
        using var recorded = new FeedbackRecorder();

        var click = await host.Slack.SocketMode.SendInteractiveAsync(Click(AnswerActions.FeedbackActionId, forged, parentTs, parentTs));

        await click.Acked.WaitAsync(BotTestHost.Wait);
        await host.DrainAsync();
        Assert.Contains("whose value is not one we wrote", host.Logs.All, StringComparison.Ordinal);
        Assert.Empty(recorded.Clicks);
        Assert.Empty(host.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task SuggestionClick_AnsweredInTheThreadAsTheClickersQuestion()
    {
        await using var host = await BotTestHost.StartAsync();
        var parentTs = await host.PostAlertAsync();

        await host.Slack.SocketMode.SendInteractiveAsync(Click(AnswerActions.SuggestActionIds[1], new SuggestionValue("reachable", parentTs).Format(), parentTs, parentTs));

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.StreamState == "completed"), "the answer");
        var asked = host.BotReplies(parentTs).Single(m => m.Text?.StartsWith(FollowUpResponder.AskedMarker, StringComparison.Ordinal) == true);
        Assert.Equal($"{FollowUpResponder.AskedMarker}<@{BotTestHost.Person}> asked: *Is this reachable from the internet?*", asked.Text);
        Assert.Contains("Alice: Is this reachable from the internet?", host.Bedrock.Invocations.Single().PromptText, StringComparison.Ordinal);
        Assert.Equal(BotTestHost.Person, host.Slack.CallsTo("chat.startStream").Single().Arg("recipient_user_id"));
    }

    [Theory]
    [InlineData("rm_rf|{0}")]
    [InlineData("reachable|not-a-ts")]
    [InlineData("reachable")]
    public async Task SuggestionClick_ForgedValue_NothingPosted(string template)
    {
        await using var host = await BotTestHost.StartAsync();
        var parentTs = await host.PostAlertAsync();

        var click = await host.Slack.SocketMode.SendInteractiveAsync(Click(AnswerActions.SuggestActionIds[0], string.Format(System.Globalization.CultureInfo.InvariantCulture, template, parentTs), parentTs, parentTs));

        await click.Acked.WaitAsync(BotTestHost.Wait);
        await host.DrainAsync();
        Assert.Contains("whose value is not one we wrote", host.Logs.All, StringComparison.Ordinal);
        Assert.Single(host.BotReplies(parentTs));
        Assert.Equal(0, host.Bedrock.Calls);
    }

    [Fact]
    public async Task SuggestionClick_ThreadThatIsNoAlert_NothingPosted()
    {
        await using var host = await BotTestHost.StartAsync();
        var lunchTs = host.Slack.AddMessage(SlackFake.DefaultChannel, "lunch?", user: BotTestHost.Person);

        var click = await host.Slack.SocketMode.SendInteractiveAsync(Click(AnswerActions.SuggestActionIds[0], new SuggestionValue("fix_cdk", lunchTs).Format(), lunchTs, lunchTs));

        await click.Acked.WaitAsync(BotTestHost.Wait);
        await host.DrainAsync();
        Assert.Single(host.Slack.CallsTo("conversations.replies"));
        Assert.Empty(host.BotReplies(lunchTs));
    }

    /// <summary>A click on an answer in a thread: block_actions with the message's thread_ts, as Slack sends it.</summary>
    private static JsonElement Click(string actionId, string value, string messageTs, string threadTs)
    {
        var payload = JsonNode.Parse(SlackFakePayloads.BlockAction(actionId, value, SlackFake.DefaultChannel, messageTs, user: BotTestHost.Person).GetRawText())!;
        payload["message"]!["thread_ts"] = threadTs;
        return JsonSerializer.SerializeToElement(payload);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Listens to the feedback counter on the product's Meter.</summary>
    private sealed class FeedbackRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(Dictionary<string, object?> Tags, long Value)> _clicks = [];

        public FeedbackRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == AnswerFeedbackTelemetry.CounterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                lock (_clicks)
                {
                    _clicks.Add((tags.ToArray().ToDictionary(t => t.Key, t => t.Value), value));
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<(Dictionary<string, object?> Tags, long Value)> Clicks
        {
            get
            {
                lock (_clicks)
                {
                    return [.. _clicks];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

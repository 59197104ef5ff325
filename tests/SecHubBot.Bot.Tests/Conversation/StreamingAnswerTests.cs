using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Alerts;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Conversation;

/// <summary>Streaming into the placeholder (the chat.update path), with a model that sends its answer in timed pieces.</summary>
public sealed class StreamingAnswerTests
{
    [Fact]
    public async Task ThreadReply_ModelStreamsSlowly_PlaceholderUpdatedAtMostOncePerInterval()
    {
        var model = new TrickleChatClient(Enumerable.Range(1, 12).Select(i => $"Step {i}. ").ToList(), TimeSpan.FromMilliseconds(100));
        await using var host = await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["Bot:AnswerUpdateInterval"] = "00:00:00.300" },
            configureServices: s => s.AddSingleton(new FollowUpModel(model, "trickle", 1024)));
        host.Slack.StatusRefusal = "missing_scope";
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "walk me through it");

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        var updates = host.Slack.CallsTo("chat.update");
        // ~1.2 s of streaming at one update per 300 ms (measured in the Bot; HTTP jitter on top), plus the final one.
        Assert.True(updates.Count >= 3, $"{updates.Count} updates");
        var gaps = updates.Zip(updates.Skip(1), (a, b) => b.At - a.At).SkipLast(1);
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMilliseconds(150), $"gap {g.TotalMilliseconds} ms"));
        Assert.Contains("Step 12.", updates[^1].Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(":writing_hand:", updates[0].Body.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadReply_GroupedAlertWithoutFindingId_AnsweredFromMetadata()
    {
        await using var host = await BotTestHost.StartAsync();
        var client = host.Slack.CreateApiClient();
        var parent = await client.PostMessageAsync(new SlackMessage
        {
            Channel = SlackFake.DefaultChannel,
            Text = "37 findings of EC2.18",
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, new FindingAlertMetadata { ControlId = "EC2.18", AccountId = "123456789012", Region = "us-east-1", GroupSize = 37 }),
        });

        await host.ReplyAsync(parent.Ts, "which accounts?");

        await BotTestHost.Until(() => host.BotReplies(parent.Ts).Any(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        Assert.Equal(0, host.SecurityHub.GetFindingsCalls);
        Assert.Contains("group of 37 findings", host.Bedrock.Invocations.Single().PromptText, StringComparison.Ordinal);
    }

    /// <summary>An IChatClient that streams the given pieces with a pause before each.</summary>
    internal sealed class TrickleChatClient(IReadOnlyList<string> pieces, TimeSpan pause) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(pieces))));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Assert.Null(options?.Tools);
            foreach (var piece in pieces)
            {
                await Task.Delay(pause, cancellationToken);
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

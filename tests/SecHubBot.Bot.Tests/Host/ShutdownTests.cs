using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Host;

/// <summary>Issue 13 item 12: SIGTERM never leaves a thread on "Looking into it…", and never acks what it will not handle.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_ViewSubmissionArrivingWhileStopping_LeftUnackedForRedelivery()
    {
        await using var host = await BotTestHost.StartAsync();
        host.Services.GetRequiredService<InFlightWork>().BeginStop();
        var submission = SlackFakePayloads.ViewSubmission(
            SecHubBot.Bot.Actions.ReasonModal.CallbackId,
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [SecHubBot.Bot.Actions.ReasonModal.ReasonBlockId] = new Dictionary<string, string> { [SecHubBot.Bot.Actions.ReasonModal.ReasonActionId] = "patched" } },
            "{}",
            BotTestHost.Approver);

        var envelope = await host.Slack.SocketMode.SendInteractiveAsync(submission);
        await BotTestHost.Until(() => host.Logs.All.Contains("left unacked for Slack to redeliver", StringComparison.Ordinal), "the refusal");
        await host.StopBotAsync();

        Assert.False(envelope.Acked.IsCompleted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_AnswerWaitingForTheModel_ThreadToldToAskAgain(bool streamingRefused)
    {
        await using var host = await BotTestHost.StartAsync();
        host.Slack.StatusRefusal = streamingRefused ? "missing_scope" : null;
        host.Bedrock.Delay = TimeSpan.FromMinutes(5);
        var parentTs = await host.PostAlertAsync();

        await host.ReplyAsync(parentTs, "why does this matter?");
        await BotTestHost.Until(() => host.Bedrock.Invocations.Count == 1, "the model call");
        await host.StopBotAsync();

        var replies = host.BotReplies(parentTs);
        Assert.Contains(replies, m => m.Content?.Contains(FollowUpResponder.ShutdownText, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(replies, m => m.Content == AnswerStream.PlaceholderText);
        Assert.DoesNotContain(replies, m => m.StreamState == "streaming");
    }
}

using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Handlers;

/// <summary>The reason modal's outcome when the decision takes longer than Slack waits for the ack.</summary>
public sealed class ReasonModalSubmissionHandlerTests
{
    [Fact]
    public async Task Submit_SlowGroupLookupThenSlowSecurityHubError_ErrorReachesTheUserAfterTheAck()
    {
        // Group members are looked up on every check, so the submission's check goes to Slack.
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Authorization:GroupCacheDuration"] = "00:00:00" });
        host.SecurityHub.UnprocessedIds[BotTestHost.FindingId] = "ConcurrentUpdateError";
        var parentTs = await host.PostAlertAsync();
        await host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(
            AlertActionIds.Resolve, FindingButtonValue.Encode(BotTestHost.Finding.Ref)!, SlackFake.DefaultChannel, parentTs, user: BotTestHost.GroupMember));
        var modal = (await host.Slack.WaitForCallsAsync("views.open", 1))[0].Body.GetProperty("view");
        host.Slack.DelayNext("usergroups.users.list", TimeSpan.FromSeconds(1.5));
        host.SecurityHub.DelayNext(1, TimeSpan.FromSeconds(1.5));

        var envelope = await host.Slack.SocketMode.SendInteractiveAsync(BotTestHost.ReasonSubmission(modal, "fixed", BotTestHost.GroupMember));
        var ack = await envelope.Acked.WaitAsync(BotTestHost.Wait);

        // Slack closed the modal (the ack came within 3 s and kept nothing open), so the error comes as a message.
        Assert.True(envelope.AckLatency < TimeSpan.FromSeconds(3));
        Assert.Null(ack);
        var told = Assert.Single(await host.Slack.WaitForCallsAsync("chat.postEphemeral", 1));
        Assert.Equal(BotTestHost.GroupMember, told.Body.GetProperty("user").GetString());
        Assert.Contains("ConcurrentUpdateError", told.Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        await host.DrainAsync();
        Assert.Empty(host.Slack.CallsTo("chat.update"));
    }
}

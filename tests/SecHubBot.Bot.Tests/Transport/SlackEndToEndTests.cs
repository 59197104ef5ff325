using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Bot.Transport.SocketMode;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

/// <summary>
/// The whole Slack layer together, the way the Bot uses it: an alert posted with metadata, a person's
/// reply arriving over Socket Mode, a handler that acks, reads the thread and answers in it.
/// </summary>
public sealed class SlackEndToEndTests
{
    [Fact]
    public async Task ThreadReplyEvent_HandlerAcksReadsParentMetadataAndAnswersInThread()
    {
        await using var slack = await SlackFake.StartAsync();
        var api = slack.CreateApiClient();
        var alert = await api.PostMessageAsync(new SlackMessage
        {
            Channel = SlackFake.DefaultChannel,
            Text = "HIGH: S3 bucket is public",
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, new FindingAlertMetadata { FindingId = "arn:finding/1", ControlId = "S3.8" }),
        });
        var replyTs = slack.AddMessage(SlackFake.DefaultChannel, "how do I fix this in CDK?", alert.Ts);

        var handler = new DelegateRequestHandler(async (request, ct) =>
        {
            await request.AckAsync(cancellationToken: ct);
            var message = Assert.IsType<EventCallbackPayload>(request.Payload).Event!;
            var channel = message.Channel!;
            var threadTs = message.ThreadTs!;
            var thread = await api.GetThreadAsync(channel, threadTs, cancellationToken: ct);
            var finding = thread[0].Metadata?.AsFindingAlert();
            await api.PostMessageAsync(new SlackMessage { Channel = channel, ThreadTs = threadTs, Text = $"About {finding?.ControlId}: use BlockPublicAccess." }, ct);
        });
        await using var socketMode = new SocketModeClient(api, handler, new SocketModeOptions { InitialReconnectDelay = TimeSpan.FromMilliseconds(20) });
        await socketMode.StartAsync(CancellationToken.None);
        await slack.SocketMode.WaitForConnectionsAsync(2);

        var envelope = await slack.SocketMode.SendEventAsync(SlackFakePayloads.Message(SlackFake.DefaultChannel, "how do I fix this in CDK?", threadTs: alert.Ts, ts: replyTs));
        await envelope.Acked.WaitAsync(TimeSpan.FromSeconds(10));
        await slack.WaitForCallsAsync("chat.postMessage", 2);

        var thread = slack.Thread(SlackFake.DefaultChannel, alert.Ts);
        Assert.Equal(3, thread.Count);
        Assert.Equal("About S3.8: use BlockPublicAccess.", thread[^1].Text);
        Assert.True(envelope.AckLatency < TimeSpan.FromSeconds(1));
        slack.SocketMode.AssertNoViolations();
    }
}

using System.Text.Json;
using SecHubBot.Bot.Transport;
using SecHubBot.Fakes.Logging;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

public sealed class SlackRequestTests
{
    [Fact]
    public async Task AckAsync_CalledTwice_SendsOnceAndLogsABug()
    {
        var logs = new CapturedLogs();
        var sent = 0;
        using var body = JsonDocument.Parse("""{"type":"block_actions"}""");
        var request = new SlackRequest(SlackRequestKind.Interactive, body.RootElement.Clone(), (_, _) =>
        {
            Interlocked.Increment(ref sent);
            return Task.CompletedTask;
        }, logger: logs.For<SlackRequest>());

        await request.AckAsync();
        await request.AckAsync();

        Assert.Equal(1, sent);
        Assert.True(request.IsAcknowledged);
        Assert.True(request.Acknowledged.IsCompletedSuccessfully);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("acknowledged twice", StringComparison.Ordinal));
    }

    [Fact]
    public void TryMarkNew_SameKeyTwice_SecondIsDuplicate()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var seen = new SeenRequestIds(TimeSpan.FromMinutes(10), time);

        Assert.True(seen.TryMarkNew("event:Ev1"));
        Assert.False(seen.TryMarkNew("event:Ev1"));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(seen.TryMarkNew("event:Ev1"));
    }

    [Fact]
    public void Accessors_EachKind_ReadUserChannelTriggerAndResponseUrl()
    {
        var responseUrl = new Uri("https://hooks.slack.test/actions/1");
        var click = Request(SlackRequestKind.Interactive, SlackFakePayloads.BlockAction("resolve", "v", "C9", "1.000001", user: "U7", responseUrl: responseUrl, triggerId: "t.1"));
        var command = Request(SlackRequestKind.SlashCommand, SlackFakePayloads.SlashCommand("/sechub", "help", channel: "C8", user: "U6", responseUrl: responseUrl));
        var message = Request(SlackRequestKind.EventsApi, SlackFakePayloads.Message("C5", "hi", user: "U5"));

        Assert.Equal(("U7", "C9", "t.1", responseUrl), (click.UserId, click.ChannelId, click.TriggerId, click.ResponseUrl));
        Assert.Equal(("U6", "C8", responseUrl), (command.UserId, command.ChannelId, command.ResponseUrl));
        Assert.NotNull(command.TriggerId);
        Assert.Equal(("U5", "C5", "message"), (message.UserId, message.ChannelId, message.EventType));
        Assert.Null(message.ResponseUrl);
    }

    private static SlackRequest Request(SlackRequestKind kind, JsonElement body) => new(kind, body, (_, _) => Task.CompletedTask);
}

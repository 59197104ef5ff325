using System.Text.Json;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;
using SecHubBot.Fakes.Logging;

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
}

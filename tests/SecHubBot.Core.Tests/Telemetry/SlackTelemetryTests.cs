using OpenTelemetry;
using OpenTelemetry.Metrics;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Telemetry;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Core.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class SlackTelemetryTests
{
    [Fact]
    public async Task PostMessageAsync_RateLimitedTwice_CountsTwo429sAndTwoRetries()
    {
        var exported = new List<MetricSnapshot>();
        await using (var slack = await SlackFake.StartAsync())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(SecHubBotTelemetry.Name).AddInMemoryExporter(exported).Build())
        {
            slack.RateLimitNext("chat.postMessage", retryAfterSeconds: 1, count: 2);
            var client = slack.CreateApiClient();

            await client.PostMessageAsync(new SlackMessage { Channel = SlackFake.DefaultChannel, Text = "hello" });
            meters.ForceFlush();
        }

        Assert.Equal(2, Sum(exported, "sechubbot.slack.rate_limited"));
        Assert.Equal(2, Sum(exported, "sechubbot.slack.retries"));
    }

    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name)
    {
        long total = 0;
        foreach (var point in metrics.Where(m => m.Name == name).TakeLast(1).SelectMany(m => m.MetricPoints))
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "method" && Equals(tag.Value, "chat.postMessage"))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }
}

using OpenTelemetry;
using OpenTelemetry.Metrics;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>Alerts posted and findings skipped reach an OpenTelemetry exporter with their kind and reason.</summary>
[Collection(IngestTelemetryCollection.Name)]
public sealed class IngestTelemetryTests
{
    [Fact]
    public async Task Handle_NewFindingThenItsOwnEcho_CountsOneAlertAndOneUnchangedSkip()
    {
        var exported = new List<MetricSnapshot>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(SecHubBotTelemetry.Name).AddInMemoryExporter(exported).Build())
        {
            await using var h = await IngestHarness.StartAsync();
            var (id, evt) = h.Seed(1);
            Assert.Empty(await h.InvokeSqsAsync(("m1", evt)));
            Assert.Empty(await h.InvokeSqsAsync(("echo", h.EventOfCurrent(id))));
            meters.ForceFlush();
        }

        Assert.Equal(1, Sum(exported, "sechubbot.alerts.posted", "kind", "new"));
        Assert.Equal(1, Sum(exported, "sechubbot.findings.skipped", "reason", "unchanged"));
    }

    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name, string key, string value)
    {
        long total = 0;
        foreach (var point in metrics.Where(m => m.Name == name).TakeLast(1).SelectMany(m => m.MetricPoints))
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == key && Equals(tag.Value, value))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }
}

/// <summary>Meters are process-wide: tests that read them run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IngestTelemetryCollection
{
    public const string Name = "IngestTelemetry";
}

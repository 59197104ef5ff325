using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Telemetry;
using SecHubBot.Core.Tests.Explain;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Telemetry;

/// <summary>The explainer's model calls, cache look-ups and GenAI token usage reach an OpenTelemetry exporter.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ExplainerTelemetryTests : IAsyncLifetime
{
    private readonly FakeBedrock _bedrock = new();

    public Task InitializeAsync() => _bedrock.StartAsync();

    public async Task DisposeAsync() => await _bedrock.DisposeAsync();

    [Fact]
    public async Task ExplainAsync_ThreeFindingsOfOneControl_CountsOneCallOneMissTwoHitsAndTokens()
    {
        var exported = new List<MetricSnapshot>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(SecHubBotTelemetry.Name).AddInMemoryExporter(exported).Build())
        {
            await using var services = ExplainTestServices.Bedrock(_bedrock, new StubOfflineExplainer());
            var explainer = services.GetRequiredService<IFindingExplainer>();
            foreach (var i in Enumerable.Range(1, 3))
            {
                await explainer.ExplainAsync(ExplainTestServices.Finding(i, "EC2.18"), CancellationToken.None);
            }

            meters.ForceFlush();
        }

        Assert.Equal(1, Sum(exported, "sechubbot.model.calls", ("outcome", "ok")));
        Assert.Equal(1, Sum(exported, "sechubbot.explain.cache", ("result", "miss")));
        Assert.Equal(2, Sum(exported, "sechubbot.explain.cache", ("result", "hit")));
        Assert.Contains(exported, m => m.Name == "gen_ai.client.token.usage");
        Assert.Contains(exported, m => m.Name == "gen_ai.client.operation.duration");
    }

    /// <summary>The sum of the points carrying <paramref name="tag"/> in the newest export of <paramref name="name"/> (exports are cumulative).</summary>
    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name, (string Key, string Value) tag)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name).TakeLast(1))
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var t in point.Tags)
                {
                    if (t.Key == tag.Key && Equals(t.Value, tag.Value))
                    {
                        total += point.GetSumLong();
                    }
                }
            }
        }

        return total;
    }
}

/// <summary>Metrics are process-wide; tests that read them do not run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

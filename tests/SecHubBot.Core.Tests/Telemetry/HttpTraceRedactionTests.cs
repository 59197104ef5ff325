using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Core.Telemetry;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Core.Tests.Telemetry;

/// <summary>Traces of outgoing HTTP calls never carry a URL that is itself a credential (issue 13 item 6).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class HttpTraceRedactionTests
{
    [Fact]
    public async Task PostToResponseUrlAsync_TracesExported_UrlFullHoldsNoResponseUrlSecret()
    {
        var exported = new List<Activity>();
        await using var slack = await SlackFake.StartAsync();
        var responseUrl = slack.NewResponseUrl();
        var secret = responseUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" })
            .Build();
        await using var services = new ServiceCollection()
            .AddSecHubBotTelemetry(configuration, "test", tracing: t => t.AddInMemoryExporter(exported))
            .BuildServiceProvider();
        var tracing = services.GetRequiredService<TracerProvider>();

        await slack.CreateApiClient().PostToResponseUrlAsync(responseUrl, new ResponseUrlMessage { Text = "hello" });
        await slack.CreateApiClient().PostMessageAsync(new() { Channel = SlackFake.DefaultChannel, Text = "hello" });
        tracing.ForceFlush();

        var http = exported.Where(a => a.GetTagItem("url.full") is not null).ToList();
        Assert.Equal(2, http.Count);
        Assert.All(http, a => Assert.DoesNotContain(secret, (string)a.GetTagItem("url.full")!, StringComparison.Ordinal));
        Assert.Contains(http, a => ((string)a.GetTagItem("url.full")!).EndsWith("/api/chat.postMessage", StringComparison.Ordinal));
        Assert.All(exported, a => Assert.DoesNotContain(a.TagObjects, t => t.Value is string s && s.Contains(secret, StringComparison.Ordinal)));
    }
}

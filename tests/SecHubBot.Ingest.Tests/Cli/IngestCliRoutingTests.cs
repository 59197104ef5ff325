using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Ingest.Cli;
using SecHubBot.Ingest.Tests.Pipeline;

namespace SecHubBot.Ingest.Tests.Cli;

/// <summary>The preview and <c>--json</c> with routing rules: which rule and why, one call per routed channel, and rules that fail fast.</summary>
public class IngestCliRoutingTests
{
    private static readonly string Batch = new JsonObject
    {
        ["Findings"] = new JsonArray([.. RoutedBatch.Findings.Select(f => JsonNode.Parse(f.Finding.GetRawText()))]),
    }.ToJsonString();

    private static string[] RoutingArguments(IReadOnlyDictionary<string, string?> settings) => [.. settings.Select(s => $"--{s.Key}={s.Value}")];

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await new IngestCli(new StringReader(Batch), output, error, readEnvironment: false).RunAsync(["-", .. args], CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_JsonMixedBatch_EachParentInItsRoutedChannelsNamingItsAccount()
    {
        var (exit, output, error) = await Run(["--json", .. RoutingArguments(RoutedBatch.Settings)]);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var parents = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("body"))
            .Where(b => !b.TryGetProperty("thread_ts", out _))
            .ToList();
        foreach (var (finding, channels, account) in RoutedBatch.Findings)
        {
            var id = RoutedBatch.IdOf(finding);
            var mine = parents.Where(b => b.GetProperty("metadata").GetProperty("event_payload").GetProperty("finding_id").GetString() == id).ToList();
            Assert.Equal(channels, mine.Select(b => b.GetProperty("channel").GetString()).ToArray());
            Assert.All(mine, b => Assert.Contains(account, b.GetProperty("blocks").GetRawText(), StringComparison.Ordinal));
        }

        // Fan-out: the CRITICAL payments finding is one parent and one first reply in each of its two channels.
        Assert.Equal(6, parents.Count);
        Assert.Equal(12, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Run_PreviewMixedBatch_SaysForEachAlertWhichRuleMatchedAndWhy()
    {
        var (exit, output, _) = await Run(RoutingArguments(RoutedBatch.Settings));

        Assert.Equal(0, exit);
        Assert.Contains(
            $"Routed to #{RoutedBatch.Payments} (also posted to #{RoutedBatch.OnCall}): Routing:Rules:0 matched Accounts 111122223333; MinSeverity CRITICAL (CRITICAL); mentions {RoutedBatch.OnCallGroup} (CRITICAL)",
            output,
            StringComparison.Ordinal);
        Assert.Contains($"Routed to #{RoutedBatch.Data}: Routing:Rules:2 matched ResourceTags team=data", output, StringComparison.Ordinal);
        Assert.Contains($"Routed to #{RoutedBatch.Threats}: Routing:Rules:3 matched Products GuardDuty", output, StringComparison.Ordinal);
        Assert.Contains($"Routed to #{RoutedBatch.Security}: no routing rule matched (", output, StringComparison.Ordinal);
        Assert.Contains("prod-payments (111122223333)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidRules_ExitsWithOneLineNamingEachRuleAndKey()
    {
        var (exit, output, error) = await Run(
            "--json", "--Slack:Channel=C0SECURITY1", "--Routing:Rules:0:Channel=#payments", "--Routing:Rules:1:Channel=C0DATATEAM1",
            "--Routing:Rules:1:MinSeverity=SEVERE", "--Routing:Rules:1:Acounts:0=111122223333");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Routing:Rules:0:Channel \"#payments\" is not a Slack channel id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Routing:Rules:1:MinSeverity is \"SEVERE\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Routing:Rules:1:Acounts is not a routing rule key", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}

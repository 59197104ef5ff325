using SecHubBot.Fakes.Slack;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>Routing wired into the Lambda's handler, against the Slack and Security Hub fakes: channels, fan-out, account names, mentions.</summary>
public sealed class IngestRoutingTests
{
    private static readonly string[] AllChannels = [RoutedBatch.Payments, RoutedBatch.OnCall, RoutedBatch.Data, RoutedBatch.Threats, RoutedBatch.Security];

    [Fact]
    public async Task Handle_MixedBatch_EachAlertInTheChannelsItsRuleNamesWithItsAccount()
    {
        await using var h = await IngestHarness.StartAsync(settings: new Dictionary<string, string?>(RoutedBatch.Settings));
        h.Hub.Seed(RoutedBatch.Findings.Select(f => f.Finding));

        Assert.Empty(await h.InvokeSqsAsync([.. RoutedBatch.Findings.Select((f, i) => ($"m{i}", IngestHarness.Imported(f.Finding)))]));

        foreach (var (finding, channels, account) in RoutedBatch.Findings)
        {
            var id = RoutedBatch.IdOf(finding);
            var landed = AllChannels.Where(c => h.Slack.Messages(c).Any(m => FindingIdOf(m) == id)).ToArray();
            Assert.Equal(channels, landed);
            foreach (var channel in channels)
            {
                var parent = h.Slack.Messages(channel).Single(m => FindingIdOf(m) == id);
                Assert.Contains(account, parent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);
                Assert.Equal(2, h.Slack.Thread(channel, parent.Ts).Count);
            }
        }

        Assert.Empty(h.Slack.Messages(SlackFake.DefaultChannel));
    }

    [Fact]
    public async Task Handle_CriticalOfARuleWithMentionGroup_MentionsOnlyThatGroupOnlyThere()
    {
        await using var h = await IngestHarness.StartAsync(settings: new Dictionary<string, string?>(RoutedBatch.Settings));
        h.Hub.Seed(RoutedBatch.Findings.Select(f => f.Finding));

        Assert.Empty(await h.InvokeSqsAsync([.. RoutedBatch.Findings.Select((f, i) => ($"m{i}", IngestHarness.Imported(f.Finding)))]));

        var critical = RoutedBatch.IdOf(RoutedBatch.Findings[0].Finding);
        var mentioned = AllChannels.SelectMany(h.Slack.Messages).Where(m => (m.Text + m.Blocks?.GetRawText()).Contains("<!subteam^", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mentioned.Count);
        Assert.All(mentioned, m => Assert.Equal(critical, FindingIdOf(m)));
        Assert.All(mentioned, m => Assert.StartsWith($"<!subteam^{RoutedBatch.OnCallGroup}>", m.Text, StringComparison.Ordinal));

        // The CRITICAL finding that fell back to Slack:Channel has no rule, so no mention.
        Assert.DoesNotContain("<!subteam^", h.Slack.Messages(RoutedBatch.Security).Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_FannedOutFindingResolvedInSecurityHub_BothThreadsUpdatedAndEchoSilentInBoth()
    {
        await using var h = await IngestHarness.StartAsync(settings: new Dictionary<string, string?>(RoutedBatch.Settings));
        var finding = RoutedBatch.Findings[0].Finding;
        var id = RoutedBatch.IdOf(finding);
        h.Hub.Seed([finding]);
        Assert.Empty(await h.InvokeSqsAsync(("m0", IngestHarness.Imported(finding))));
        var payments = Assert.Single(h.Slack.Messages(RoutedBatch.Payments));
        var onCall = Assert.Single(h.Slack.Messages(RoutedBatch.OnCall));

        // Our own write-back's echo changes nothing in either channel.
        Assert.Empty(await h.InvokeSqsAsync(("m1", h.EventOfCurrent(id))));
        Assert.Equal(2, h.Slack.Thread(RoutedBatch.Payments, payments.Ts).Count);
        Assert.Equal(2, h.Slack.Thread(RoutedBatch.OnCall, onCall.Ts).Count);

        h.Hub.Change(id, f => f["Workflow"] = new System.Text.Json.Nodes.JsonObject { ["Status"] = "RESOLVED" });
        Assert.Empty(await h.InvokeSqsAsync(("m2", h.EventOfCurrent(id))));

        Assert.Equal(3, h.Slack.Thread(RoutedBatch.Payments, payments.Ts).Count);
        Assert.Equal(3, h.Slack.Thread(RoutedBatch.OnCall, onCall.Ts).Count);
        Assert.All(
            [h.Slack.Messages(RoutedBatch.Payments).Single(), h.Slack.Messages(RoutedBatch.OnCall).Single()],
            p => Assert.Equal("resolved", p.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Handle_StormFannedOut_OneGroupedThreadPerChannel()
    {
        var settings = new Dictionary<string, string?>(RoutedBatch.Settings)
        {
            ["Routing:Rules:0:Accounts:0"] = "123456789012",
            ["Routing:Rules:0:MinSeverity"] = "HIGH",
            ["Routing:Rules:1:Accounts:0"] = "123456789012",
        };
        await using var h = await IngestHarness.StartAsync(settings: settings);
        var seeded = Enumerable.Range(0, 6).Select(i => h.Seed(i)).ToList();

        Assert.Empty(await h.InvokeSqsAsync([.. seeded.Take(3).Select((s, i) => ($"a{i}", s.Event))]));
        Assert.Empty(await h.InvokeSqsAsync([.. seeded.Skip(3).Select((s, i) => ($"b{i}", s.Event))]));

        foreach (var channel in new[] { RoutedBatch.Payments, RoutedBatch.OnCall })
        {
            var parent = Assert.Single(h.Slack.Messages(channel));
            Assert.Equal(6, parent.Metadata!.Value.GetProperty("event_payload").GetProperty("group_size").GetInt32());
            Assert.Contains("3 more findings of `EC2.18` joined this alert (now 6)", h.Slack.Thread(channel, parent.Ts)[^1].Text, StringComparison.Ordinal);
        }
    }

    private static string? FindingIdOf(SlackFakeMessage message) =>
        message.Metadata is { } metadata && metadata.GetProperty("event_payload").TryGetProperty("finding_id", out var id) ? id.GetString() : null;
}

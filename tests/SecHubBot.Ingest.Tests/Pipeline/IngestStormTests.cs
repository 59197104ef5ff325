using SecHubBot.Fakes.Aws;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>Storms and the model: grouping, one model call per control, the offline fallback.</summary>
public sealed class IngestStormTests
{
    private static readonly string[] Controls = ["EC2.18", "EC2.19", "S3.1", "IAM.6", "RDS.2"];

    [Fact]
    public async Task Handle_100FindingsAcross5Controls_FiveGroupedAlertsOneModelCallPerControl()
    {
        await using var h = await IngestHarness.StartAsync(bedrock: true);
        var records = new List<(string, string)>();
        for (var i = 0; i < 100; i++)
        {
            var (_, evt) = h.Seed(i, Controls[i % Controls.Length]);
            records.Add(($"m{i}", evt));
        }

        Assert.Empty(await h.InvokeSqsAsync([.. records]));

        var parents = h.Slack.Messages(IngestHarness.Channel);
        Assert.Equal(5, parents.Count);
        Assert.Equal(5, h.Bedrock.Calls);
        Assert.All(parents, p => Assert.Equal(2, h.Slack.Thread(IngestHarness.Channel, p.Ts).Count));
        Assert.Contains(parents, p => p.Text!.Contains("EC2.18 failed on 20 EC2 security groups in 123456789012 / us-east-1", StringComparison.Ordinal));
        Assert.All(parents, p => Assert.Equal(20, p.Metadata!.Value.GetProperty("event_payload").GetProperty("group_size").GetInt32()));
        Assert.All(parents, p => Assert.Contains("and 10 more", p.Blocks!.Value.GetRawText(), StringComparison.Ordinal));
        Assert.All(parents, p => Assert.Contains("\"confirm\"", p.Blocks!.Value.GetRawText(), StringComparison.Ordinal));

        // Every member carries its group's thread ref and is NOTIFIED.
        for (var i = 0; i < 100; i++)
        {
            var control = Controls[i % Controls.Length];
            var id = SyntheticFindings.IdOf(i, control);
            var parent = parents.Single(p => p.Text!.Contains(control + " failed", StringComparison.Ordinal));
            Assert.Equal($"{IngestHarness.Channel}/{parent.Ts}", h.ThreadOf(id));
            Assert.Equal("NOTIFIED", h.WorkflowOf(id));
        }
    }

    [Fact]
    public async Task Handle_OneControlOverThreeBatches_OneThreadRedrawnAsGroupWithCurrentCount()
    {
        await using var h = await IngestHarness.StartAsync();
        var seeded = Enumerable.Range(0, 7).Select(i => h.Seed(i)).ToList();

        Assert.Empty(await h.InvokeSqsAsync(("m0", seeded[0].Event)));
        Assert.Empty(await h.InvokeSqsAsync(("m1", seeded[1].Event), ("m2", seeded[2].Event)));
        Assert.Empty(await h.InvokeSqsAsync([.. seeded.Skip(3).Select((s, i) => ($"n{i}", s.Event))]));

        var parent = Assert.Single(h.Slack.Messages(IngestHarness.Channel));
        var thread = h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(4, thread.Count);
        Assert.Contains("2 more findings of `EC2.18` joined this alert (now 3)", thread[2].Text, StringComparison.Ordinal);
        Assert.Contains("4 more findings of `EC2.18` joined this alert (now 7)", thread[3].Text, StringComparison.Ordinal);
        Assert.Equal(2, parent.Updates);
        Assert.Equal(7, parent.Metadata!.Value.GetProperty("event_payload").GetProperty("group_size").GetInt32());
        Assert.Contains("EC2.18 failed on 7", parent.Text, StringComparison.Ordinal);
        Assert.All(seeded, s => Assert.Equal($"{IngestHarness.Channel}/{parent.Ts}", h.ThreadOf(s.Id)));
    }

    [Fact]
    public async Task Handle_SecondFindingAfterTheStormWindow_NewThread()
    {
        await using var h = await IngestHarness.StartAsync(settings: new Dictionary<string, string?> { ["Ingest:StormWindow"] = "00:00:00" });

        Assert.Empty(await h.InvokeSqsAsync(("m0", h.Seed(0).Event)));
        Assert.Empty(await h.InvokeSqsAsync(("m1", h.Seed(1).Event)));

        Assert.Equal(2, h.Slack.Messages(IngestHarness.Channel).Count);
    }

    [Fact]
    public async Task Handle_ModelDown_AlertsPostedWithOfflineExplanation()
    {
        await using var h = await IngestHarness.StartAsync(bedrock: true);
        h.Bedrock.MalformedNext(100);
        var (id, evt) = h.Seed(1);

        Assert.Empty(await h.InvokeSqsAsync(("m1", evt)));

        var parent = Assert.Single(h.Slack.Messages(IngestHarness.Channel));
        Assert.Contains("AI explanation is unavailable", parent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("NOTIFIED", h.WorkflowOf(id));
    }

    [Fact]
    public async Task Handle_GroupMembersResolvedElsewhere_OneReplyInTheGroupThreadNoParentRewrite()
    {
        await using var h = await IngestHarness.StartAsync();
        var seeded = Enumerable.Range(0, 8).Select(i => h.Seed(i)).ToList();
        Assert.Empty(await h.InvokeSqsAsync([.. seeded.Select((s, i) => ($"m{i}", s.Event))]));
        foreach (var (id, _) in seeded.Take(3))
        {
            h.Hub.Change(id, f => f["Workflow"] = new System.Text.Json.Nodes.JsonObject { ["Status"] = "RESOLVED" });
        }

        Assert.Empty(await h.InvokeSqsAsync([.. seeded.Select((s, i) => ($"e{i}", h.EventOfCurrent(s.Id)))]));

        var parent = Assert.Single(h.Slack.Messages(IngestHarness.Channel));
        var thread = h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(3, thread.Count);
        Assert.Contains("3 findings of this alert were resolved", thread[2].Text, StringComparison.Ordinal);
        Assert.Equal(0, parent.Updates);
    }
}

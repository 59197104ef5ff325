using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Core.Alerts;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 11's hijack: a finding from another account carries, in UserDefinedFields (writable by anyone who
/// may update findings), the thread ref of a CRITICAL alert. The victim's thread must not change.
/// </summary>
public sealed class IngestHijackTests : IAsyncLifetime
{
    private IngestHarness _h = null!;

    public async Task InitializeAsync() => _h = await IngestHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("LOW", "resolved")]
    [InlineData("LOW", "pending")]
    [InlineData("HIGH", "pending")]
    [InlineData("HIGH", "open")]
    public async Task Handle_ForeignFindingCarriesVictimThreadRef_VictimThreadUnchanged(string attackerSeverity, string claimedStatus)
    {
        var (victimId, victimEvent) = SeedVictim();
        Assert.Empty(await _h.InvokeSqsAsync(("v1", victimEvent)));
        _h.Hub.Change(victimId, f => f["Workflow"] = new JsonObject { ["Status"] = "RESOLVED" });
        Assert.Empty(await _h.InvokeSqsAsync(("v2", _h.EventOfCurrent(victimId))));
        var victim = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        var victimThread = $"{IngestHarness.Channel}/{victim.Ts}";
        var repliesBefore = _h.Slack.Thread(IngestHarness.Channel, victim.Ts).Select(m => m.Text).ToList();

        var attacker = Foreign(attackerSeverity, new Dictionary<string, string>
        {
            [ThreadFields.Thread] = victimThread,
            [ThreadFields.Status] = claimedStatus,
            [ThreadFields.Group] = "40",
        });
        _h.Hub.Seed([attacker]);
        Assert.Empty(await _h.InvokeSqsAsync(("a1", IngestHarness.Imported(attacker))));

        var after = _h.Slack.Messages(IngestHarness.Channel).Single(m => m.Ts == victim.Ts);
        Assert.Equal(repliesBefore, _h.Slack.Thread(IngestHarness.Channel, victim.Ts).Select(m => m.Text).ToList());
        Assert.Equal(victim.Updates, after.Updates);
        Assert.Equal(victim.Blocks!.Value.GetRawText(), after.Blocks!.Value.GetRawText());
        Assert.Equal(victimThread, _h.ThreadOf(victimId));
        var others = _h.Slack.Messages(IngestHarness.Channel).Where(m => m.Ts != victim.Ts).ToList();
        if (attackerSeverity == "LOW")
        {
            // Below Filter:MinSeverity and, for the store, without a thread: nothing at all.
            Assert.Empty(others);
        }
        else
        {
            // Alert-worthy on its own: its own thread, never the one its fields name.
            var own = Assert.Single(others);
            Assert.Equal($"{IngestHarness.Channel}/{own.Ts}", _h.ThreadOf(attacker.GetProperty("Id").GetString()!));
        }
    }

    [Fact]
    public async Task Handle_ThreadRefInAnotherChannel_NothingPostedThere()
    {
        var attacker = Foreign("HIGH", new Dictionary<string, string> { [ThreadFields.Thread] = "C0OTHERCHAN/1700000000.000100", [ThreadFields.Status] = "open" });
        _h.Hub.Seed([attacker]);

        Assert.Empty(await _h.InvokeSqsAsync(("a1", IngestHarness.Imported(attacker))));

        Assert.Empty(_h.Slack.Messages("C0OTHERCHAN"));
        Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
    }

    private (string Id, string Event) SeedVictim()
    {
        var victim = Mutate(SyntheticFindings.Control(1, "IAM.6"), f => f["Severity"] = new JsonObject { ["Label"] = "CRITICAL", ["Normalized"] = 90 });
        _h.Hub.Seed([victim]);
        return (victim.GetProperty("Id").GetString()!, IngestHarness.Imported(victim));
    }

    /// <summary>A finding imported into another member account (BatchImportFindings there), with fields of the attacker's choosing.</summary>
    private static JsonElement Foreign(string severity, IReadOnlyDictionary<string, string> fields) =>
        Mutate(SyntheticFindings.Control(2, "IAM.6", fields), f =>
        {
            f["Id"] = "arn:aws:securityhub:us-east-1:999988887777:security-control/IAM.6/finding/attacker-0001";
            f["AwsAccountId"] = "999988887777";
            f["Severity"] = new JsonObject { ["Label"] = severity, ["Normalized"] = severity == "LOW" ? 10 : 70 };
        });

    private static JsonElement Mutate(JsonElement finding, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(finding.GetRawText())!.AsObject();
        change(node);
        return JsonSerializer.SerializeToElement(node);
    }
}

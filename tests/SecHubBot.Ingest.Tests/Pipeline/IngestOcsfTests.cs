using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Fakes;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>ASFF and OCSF findings side by side through the Lambda handler: each read from its own Security Hub API, one thread each.</summary>
public sealed class IngestOcsfTests : IAsyncLifetime
{
    private const string Exposure = "detection-2004-exposure-lambda-securityhub-risk-awsdocs.json";
    private const string Inspector = "vulnerability-2002-inspector-ec2-os-packages-elastic.json";
    private const string InspectorUid = "d1bc4b01234567890123456789abcdefabc0123456789bcdef123456";
    private const string ExposureInfoUid = "arn:aws:securityhub:us-east-1:123456789012:risk:1234f781c7ae7507f01e2fb460f15ca8fe7f9c95e257698a092cb74a4ea84a42";

    private IngestHarness _h = null!;

    public async Task InitializeAsync() => _h = await IngestHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Handle_MixedAsffAndOcsfSqsBatch_OneThreadEachOcsfReadByV2Only()
    {
        var (asffA, eventA) = _h.Seed(1, "EC2.18");
        var (asffB, eventB) = _h.Seed(2, "S3.8");
        _h.Hub.SeedOcsfFromSamples(Exposure, Inspector);

        var failures = await _h.InvokeSqsAsync(("a", eventA), ("b", eventB), ("x", Sample(Exposure)), ("i", Sample(Inspector)));

        Assert.Empty(failures);
        var parents = _h.Slack.Messages(IngestHarness.Channel);
        Assert.Equal(4, parents.Count);
        Assert.All(parents, p => Assert.Equal(2, _h.Slack.Thread(IngestHarness.Channel, p.Ts).Count));
        var payloads = parents.Select(p => p.Metadata!.Value.GetProperty("event_payload")).ToList();
        Assert.Equal(["asff", "asff", "ocsf", "ocsf"], payloads.Select(p => p.GetProperty("schema").GetString()).Order(StringComparer.Ordinal));
        var inspector = Assert.Single(payloads, p => p.GetProperty("finding_id").GetString() == InspectorUid);
        Assert.Equal("arn:aws:securityhub:us-east-2::productv2/aws/inspector", inspector.GetProperty("product_arn").GetString());
        var inspectorParent = parents[payloads.IndexOf(inspector)];
        Assert.Contains("/securityhub/v2/home?region=us-east-2#/findings?search=finding_info.uid", inspectorParent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);

        // Each schema read from its own API: no GetFindings names an OCSF finding; GetFindingsV2 read them.
        var v1Bodies = _h.Hub.Requests.Where(r => r.RawTarget == "/findings").Select(r => r.Body).ToList();
        Assert.NotEmpty(v1Bodies);
        Assert.All(v1Bodies, body => Assert.DoesNotContain(InspectorUid, body, StringComparison.Ordinal));
        Assert.All(v1Bodies, body => Assert.DoesNotContain(ExposureInfoUid, body, StringComparison.Ordinal));
        Assert.True(_h.Hub.GetFindingsV2Calls > 0);

        // The ASFF findings carry the console hint; nothing is written to the new Security Hub, whose findings stay as they were.
        Assert.NotNull(_h.ThreadOf(asffA));
        Assert.NotNull(_h.ThreadOf(asffB));
        Assert.Equal(0, _h.Hub.BatchUpdateV2Calls);
        Assert.Equal(1, (int?)_h.Hub.FindOcsf(InspectorUid)!["status_id"]);
        Assert.Empty(_h.Hub.ModelViolations);
    }

    [Fact]
    public async Task Handle_OcsfRedelivered_Silent()
    {
        _h.Hub.SeedOcsfFromSamples(Exposure, Inspector);
        Assert.Empty(await _h.InvokeSqsAsync(("x", Sample(Exposure)), ("i", Sample(Inspector))));
        var calls = _h.Slack.Calls.Count;

        Assert.Empty(await _h.InvokeSqsAsync(("x2", Sample(Exposure)), ("i2", Sample(Inspector)), ("i3", CurrentEvent(InspectorUid))));

        Assert.Equal(calls, _h.Slack.Calls.Count);
        Assert.Equal(2, _h.Slack.Messages(IngestHarness.Channel).Count);
    }

    [Fact]
    public async Task Handle_OcsfResolvedInSecurityHub_RepliesInItsThreadAndUpdatesTheParent()
    {
        _h.Hub.SeedOcsfFromSamples(Inspector);
        Assert.Empty(await _h.InvokeSqsAsync(("i", Sample(Inspector))));
        var client = _h.Services.GetRequiredService<SecurityHubClient>();
        var resolved = await client.BatchUpdateFindingsV2Async(new BatchUpdateFindingsV2Request
        {
            Findings = [new OcsfFindingAddress(InspectorUid, null)],
            Status = OcsfStatus.Resolved,
        });
        Assert.Empty(resolved.Unprocessed);

        // The event is only a trigger: even the stale original event leads to GetFindingsV2's resolved copy.
        Assert.Empty(await _h.InvokeSqsAsync(("i2", Sample(Inspector))));

        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        var thread = _h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(3, thread.Count);
        Assert.Contains("was resolved", thread[^1].Text, StringComparison.Ordinal);
        Assert.Equal(1, parent.Updates);
        var payload = parent.Metadata!.Value.GetProperty("event_payload");
        Assert.Equal(("resolved", "ocsf"), (payload.GetProperty("status").GetString(), payload.GetProperty("schema").GetString()));

        var calls = _h.Slack.Calls.Count;
        Assert.Empty(await _h.InvokeSqsAsync(("i3", CurrentEvent(InspectorUid))));
        Assert.Equal(calls, _h.Slack.Calls.Count);
    }

    private static string Sample(string name) => File.ReadAllText(SampleFiles.OcsfPath(name));

    /// <summary>The finding as the new Security Hub holds it now, as a "Findings Imported V2" event.</summary>
    private string CurrentEvent(string uid)
    {
        var evt = JsonNode.Parse(Sample(Inspector))!.AsObject();
        evt["detail"] = new JsonObject { ["findings"] = new JsonArray(_h.Hub.FindOcsf(uid)) };
        return evt.ToJsonString();
    }
}

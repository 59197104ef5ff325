using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;
using SecHubBot.Fakes.EventBridge;
using SecHubBot.Fakes.Yaml;

namespace SecHubBot.Ingest.Tests.Deploy;

/// <summary>The findings rule's "Findings Imported V2" half, run over the real OCSF samples and their status variants.</summary>
public class IngestStackOcsfRuleTests
{
    private static readonly JsonObject Resources =
        YamlJson.Load(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "ingest-stack.yaml")))!["Resources"]!.AsObject();

    private static JsonNode Pattern => Resources["FindingsRule"]!["Properties"]!["EventPattern"]!;

    public static TheoryData<string> OcsfSamples() => new(SampleFiles.OcsfPaths());

    /// <summary>
    /// Every sample, in every status, severity and activity: the rule forwards what the filter policy (at
    /// HIGH) alerts on, and HIGH or worse findings whose state a thread shows as closed; nothing else.
    /// </summary>
    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public void Rule_OcsfSampleInEveryState_MatchesAlertsAndClosingUpdatesAtHighOrAbove(string path)
    {
        var policy = new FilterPolicy(SeverityLabel.High);
        var evt = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var original = evt["detail"]!["findings"]![0]!.AsObject();
        var checkedVariants = 0;
        foreach (var severity in new[] { 2, 3, 4, 5, 6 })
        {
            foreach (var status in new[] { 1, 2, 3, 4, 5, 6, 99 })
            {
                foreach (var activity in new[] { 1, 2, 3 })
                {
                    var finding = original.DeepClone().AsObject();
                    finding["severity_id"] = severity;
                    finding["status_id"] = status;
                    finding["activity_id"] = activity;
                    var parsed = OcsfFindingReader.Read(JsonSerializer.SerializeToElement(finding)).Finding!;
                    var expected = parsed.Severity.Label >= SeverityLabel.High
                        && (policy.Evaluate(parsed).ShouldAlert || AlertStatuses.Of(parsed).IsClosed());

                    var variant = evt.DeepClone().AsObject();
                    variant["detail"]!["findings"] = new JsonArray(finding);
                    Assert.True(expected == EventPatternMatcher.Matches(Pattern, variant),
                        $"{Path.GetFileName(path)} severity_id {severity} status_id {status} activity_id {activity}: expected match {expected}");
                    checkedVariants++;
                }
            }
        }

        Assert.Equal(5 * 7 * 3, checkedVariants);
    }

    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public void Rule_OcsfSampleAsPublished_MatchesWhenTheFilterPolicyAlerts(string path)
    {
        var evt = JsonNode.Parse(File.ReadAllText(path));
        var finding = FindingInputReader.Read(File.ReadAllText(path)).Findings[0].Finding;

        if (new FilterPolicy(SeverityLabel.High).Evaluate(finding).ShouldAlert)
        {
            Assert.True(EventPatternMatcher.Matches(Pattern, evt));
        }
        else if (finding.Severity.Label < SeverityLabel.High)
        {
            Assert.False(EventPatternMatcher.Matches(Pattern, evt));
        }
    }

    [Fact]
    public void Rule_OcsfFindingUnderTheAsffDetailType_DoesNotMatch()
    {
        var evt = JsonNode.Parse(File.ReadAllText(SampleFiles.OcsfPath("detection-2004-exposure-lambda-securityhub-risk-awsdocs.json")))!.AsObject();
        Assert.True(EventPatternMatcher.Matches(Pattern, evt));

        evt["detail-type"] = "Security Hub Findings - Imported";

        Assert.False(EventPatternMatcher.Matches(Pattern, evt));
    }

    [Fact]
    public void Policy_SecurityHubStatementCoversTheNewHubsResource()
    {
        var statement = Resources["IngestFunction"]!["Properties"]!["Policies"]![0]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]!.GetValue<string>() == "SecurityHubState")!;

        var resources = statement["Resource"]!.AsArray().Select(r => r!["Fn::Sub"]!.GetValue<string>()).ToArray();

        Assert.Equal(
            ["arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:hub/default", "arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:hubv2/*"],
            resources);
    }
}

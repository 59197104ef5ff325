using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;

namespace SecHubBot.Core.Tests.Explain;

/// <summary>The offline explainer and the model prompt read OCSF findings as they read ASFF ones.</summary>
public class OcsfExplanationTests
{
    private const string GuardDuty = "detection-2004-guardduty-cloudtrail-disabled-sumologic-event.json";
    private const string Exposure = "detection-2004-exposure-lambda-securityhub-risk-awsdocs.json";

    public static TheoryData<string> OcsfSamples() => new(SampleFiles.OcsfPaths());

    private static Finding Sample(string name) => FindingInputReader.Read(File.ReadAllText(SampleFiles.OcsfPath(name))).Findings[0].Finding;

    [Fact]
    public void Explain_GuardDutyOcsfFinding_NamesTheThreatTypeAndTheResource()
    {
        var explanation = new OfflineExplainer().Explain(Sample(GuardDuty));

        Assert.StartsWith("GuardDuty detected CloudTrailLoggingDisabled activity involving IAM access key", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("(cis_automation)", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("in account 869728294964 (us-east-1)", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains(explanation.FixSteps, s => s.Contains("rotate any credentials", StringComparison.Ordinal));
        Assert.Contains(explanation.References, r => r.Url.StartsWith("https://docs.aws.amazon.com/guardduty/", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_ExposureFinding_ListsTraitsAndEachContributingFinding()
    {
        var explanation = new OfflineExplainer().Explain(Sample(Exposure));

        Assert.StartsWith("Security Hub found an exposure of Lambda function application-function", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("Reachability (Publicly Invocable)", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("Exploit Available", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains(explanation.FixSteps, s => s.Contains("\"Lambda functions should be in a VPC\" (Misconfiguration: Deployed outside VPC)", StringComparison.Ordinal));
        Assert.Contains(explanation.FixSteps, s => s.Contains("CVE-2023-33246", StringComparison.Ordinal));
        Assert.Contains("together", explanation.WhyItMatters, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_OcsfVulnerability_UpdatesToTheFixedVersionAndWeighsExploitAndEpss()
    {
        var finding = Sample(GuardDuty) with
        {
            Product = FindingProduct.Inspector,
            Types = ["Software and Configuration Checks/Vulnerabilities/CVE"],
            Vulnerabilities =
            [
                new Vulnerability("CVE-2025-8194")
                {
                    CvssScore = 7.5,
                    ExploitAvailable = "YES",
                    EpssScore = 0.0123,
                    FixAvailable = "YES",
                    Packages = [new VulnerablePackage("python") { Version = "2.7.18", FixedInVersion = "0:2.7.18-1.amzn2.0.14", Remediation = "yum update python" }],
                },
            ],
        };

        var explanation = new OfflineExplainer().Explain(finding);

        Assert.Contains("Amazon Inspector found CVE-2025-8194 (CVSS 7.5) in python 2.7.18", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains(explanation.FixSteps, s => s.StartsWith("Update python 2.7.18 to 0:2.7.18-1.amzn2.0.14 or later (for example: yum update python)", StringComparison.Ordinal));
        Assert.Contains("A public exploit exists", explanation.WhyItMatters, StringComparison.Ordinal);
        Assert.Contains("1.23%", explanation.WhyItMatters, StringComparison.Ordinal);
    }

    [Fact]
    public void UserMessage_GuardDutyOcsfFinding_RedactsTheAccessKeyInResourceData()
    {
        var message = ExplanationPrompt.UserMessage(Sample(GuardDuty));

        Assert.DoesNotContain("ASIA4U76YS3TB3MEOA3O", message, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.AccessKeyPlaceholder, message, StringComparison.Ordinal);
        Assert.DoesNotContain("869728294964", message, StringComparison.Ordinal);
        Assert.Contains("Stealth:IAMUser/CloudTrailLoggingDisabled", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrimmedFinding_Exposure_CarriesContributingFindingsAndTraits()
    {
        var trimmed = ExplanationPrompt.TrimmedFinding(Sample(Exposure));

        var contributing = trimmed["ContributingFindings"]!.AsArray();
        Assert.Equal(3, contributing.Count);
        Assert.Contains(contributing, c => c!["Traits"]!.AsArray().Any(t => t!.GetValue<string>() == "Reachability: Publicly Invocable"));
    }

    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public void UserMessage_EveryOcsfSample_IsFencedValidJson(string path)
    {
        var finding = FindingInputReader.Read(File.ReadAllText(path)).Findings[0].Finding;

        var message = ExplanationPrompt.UserMessage(finding);
        var json = message[(message.IndexOf(ExplanationPrompt.FenceOpen, StringComparison.Ordinal) + ExplanationPrompt.FenceOpen.Length)..message.LastIndexOf(ExplanationPrompt.FenceClose, StringComparison.Ordinal)];

        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
        Assert.DoesNotMatch(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b", message);
        Assert.NotEmpty(new OfflineExplainer().Explain(finding).FixSteps);
        Assert.Null(JsonNode.Parse(json)!["AwsAccountId"]);
    }
}

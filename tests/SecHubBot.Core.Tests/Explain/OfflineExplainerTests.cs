using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;

namespace SecHubBot.Core.Tests.Explain;

public class OfflineExplainerTests
{
    private static Finding First(string sample) => FindingInputReader.Read(SampleFiles.ReadBundled(sample)).Findings[0].Finding;

    private static string AllText(Explanation e) =>
        string.Join('\n', new[] { e.Summary, e.WhyItMatters, e.Iac?.Code ?? "" }.Concat(e.FixSteps).Concat(e.VerifySteps));

    [Fact]
    public void Explain_OpenSecurityGroup_NamesPortCidrAndGroup()
    {
        var explanation = new OfflineExplainer().Explain(First("securityhub-cis-4.1-finding.json"));

        Assert.Contains("port 22 (SSH)", explanation.WhyItMatters, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0/0", explanation.FixSteps[0], StringComparison.Ordinal);
        Assert.Contains("sg-47dddc34c51b4be58", explanation.FixSteps[0], StringComparison.Ordinal);
        Assert.Contains("aws_vpc_security_group_ingress_rule", explanation.Iac!.Code, StringComparison.Ordinal);
        Assert.Equal(ExplanationSource.Offline, explanation.Source);
    }

    [Theory]
    [InlineData(IacFlavor.Cdk, "ec2.Port.tcpRange(22, 22)")]
    [InlineData(IacFlavor.CloudFormation, "AWS::EC2::SecurityGroupIngress")]
    public void Explain_OtherIacFlavor_WritesThatFlavor(IacFlavor flavor, string expected) =>
        Assert.Contains(expected, new OfflineExplainer(flavor).Explain(First("securityhub-cis-4.1-finding.json")).Iac!.Code, StringComparison.Ordinal);

    [Fact]
    public void Explain_ConsoleFlavor_WritesNoCode() =>
        Assert.Null(new OfflineExplainer(IacFlavor.Console).Explain(First("securityhub-cis-4.1-finding.json")).Iac);

    [Fact]
    public void Explain_InspectorCve_NamesCvePackageAndFixedVersion()
    {
        var explanation = new OfflineExplainer().Explain(First("inspector-ec2-cve-findings-wrapper-5.json"));

        Assert.Contains("CVE-2022-3643", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("kernel", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("0:5.10.162-141.675.amzn2", explanation.FixSteps[0], StringComparison.Ordinal);
        Assert.Contains("yum update kernel", explanation.FixSteps[0], StringComparison.Ordinal);
        Assert.Contains(explanation.References, r => r.Url.Contains("nvd.nist.gov", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_GuardDutyThreat_SaysItIsActivityAndHowToInvestigate()
    {
        var explanation = new OfflineExplainer().Explain(First("guardduty-ec2-sshbruteforce-typical-finding-docs.json"));

        Assert.Contains("GuardDuty detected", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("SSHBruteForce", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("activity happening now", explanation.WhyItMatters, StringComparison.Ordinal);
        Assert.Contains(explanation.FixSteps, s => s.Contains("isolate", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_AccessAnalyzer_UsesRemediationText()
    {
        var explanation = new OfflineExplainer().Explain(First("accessanalyzer-s3-external-access-typical-finding-docs.json"));

        Assert.Contains("Access Analyzer", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains(explanation.FixSteps, s => s.Contains("modify or remove the policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_HealthWithLiteralBackslashN_ShowsLineBreaks()
    {
        var explanation = new OfflineExplainer().Explain(First("health-ses-typical-finding-docs.json"));

        Assert.DoesNotContain("\\n", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("AWS Health", explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ConfigRule_NamesTheRule() =>
        Assert.Contains("s3-bucket-level-public-access-prohibited-config-integration-demo",
            new OfflineExplainer().Explain(First("config-rule-typical-finding-docs.json")).Summary, StringComparison.Ordinal);

    [Fact]
    public void Explain_PublicRdsControl_WritesPrivateDatabaseFix() =>
        Assert.Contains("publicly_accessible = false", new OfflineExplainer().Explain(First("securityhub-afsbp-rds.2-finding.json")).Iac!.Code, StringComparison.Ordinal);

    [Fact]
    public void Explain_BoilerplateRemediationText_IsReplacedByTheLink()
    {
        var explanation = new OfflineExplainer().Explain(First("securityhub-afsbp-s3.1-finding.json"));

        Assert.DoesNotContain(explanation.FixSteps, s => s.StartsWith("For directions", StringComparison.Ordinal));
        Assert.Contains(explanation.FixSteps, s => s.Contains("https://docs.aws.amazon.com/console/securityhub/S3.1/remediation", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SamplesWithFindings))]
    public void Explain_EveryRealSample_GivesSummaryWhyAndAtLeastOneStep(string path)
    {
        foreach (var incoming in FindingInputReader.Read(File.ReadAllText(path)).Findings)
        {
            var explanation = new OfflineExplainer().Explain(incoming.Finding);

            Assert.False(string.IsNullOrWhiteSpace(explanation.Summary));
            Assert.False(string.IsNullOrWhiteSpace(explanation.WhyItMatters));
            Assert.NotEmpty(explanation.FixSteps);
            Assert.NotEmpty(explanation.VerifySteps);
            Assert.DoesNotContain("  ", AllText(explanation).Replace("\n  ", "", StringComparison.Ordinal).Replace("  ", "", StringComparison.Ordinal) + "", StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> SamplesWithFindings() => new(SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings));
}

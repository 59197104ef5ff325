using SecHubBot.Core.Findings;
using SecHubBot.Fakes;

namespace SecHubBot.Core.Tests.Findings;

public class FindingInputReaderTests
{
    public static TheoryData<string> AllSamples() => new(SampleFiles.AllPaths());

    public static TheoryData<string> SamplesWithFindings() => new(SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings));

    public static TheoryData<string> SamplesWithoutFindings() => new(SampleFiles.AllPaths().Where(p => !SampleFiles.HoldsFindings(p)));

    [Theory]
    [MemberData(nameof(SamplesWithFindings))]
    public void Read_RealSample_ReadsEveryFindingWithIdTitleAndSeverity(string path)
    {
        var batch = FindingInputReader.Read(File.ReadAllText(path));

        Assert.NotEmpty(batch.Findings);
        Assert.Empty(batch.Rejections);
        Assert.All(batch.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Finding.Id));
            Assert.False(string.IsNullOrWhiteSpace(f.Finding.ProductArn));
            Assert.False(string.IsNullOrWhiteSpace(f.Finding.Title));
        });
    }

    [Theory]
    [MemberData(nameof(SamplesWithoutFindings))]
    public void Read_SampleThatIsNotAFindingEvent_SaysWhatWasExpected(string path)
    {
        var ex = Assert.Throws<NotAFindingEventException>(() => FindingInputReader.Read(File.ReadAllText(path)));

        Assert.Contains("expected a Security Hub finding event", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Read_SamplesCoverEveryShape()
    {
        var shapes = SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings)
            .Select(p => FindingInputReader.Read(File.ReadAllText(p)).Shape)
            .ToHashSet();

        Assert.Contains(InputShape.EventBridgeImported, shapes);
        Assert.Contains(InputShape.EventBridgeCustomAction, shapes);
        Assert.Contains(InputShape.SingleFinding, shapes);
        Assert.Contains(InputShape.FindingArray, shapes);
        Assert.Contains(InputShape.FindingsWrapper, shapes);
    }

    [Theory]
    [InlineData("securityhub-cloudtrail.2-consolidated-sample-finding-docs.json", SeverityLabel.Medium)] // Normalized is the string "40"
    [InlineData("guardduty-iamuser-consolelogin-custom-action-event.json", SeverityLabel.Medium)] // Normalized + Product, no Label
    [InlineData("jfrog-xray-security-cve-findings-array.json", SeverityLabel.High)] // only FindingProviderFields.Severity
    [InlineData("prowler-v3-rds-minor-version-upgrade-findings-array-docs.json", SeverityLabel.Low)] // Label only
    [InlineData("securityhub-cis-4.1-finding.json", SeverityLabel.High)]
    public void Read_SeverityWrittenDifferently_ResolvesLabel(string sample, SeverityLabel expected)
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled(sample)).Findings[0].Finding;

        Assert.Equal(expected, finding.Severity.Label);
    }

    [Theory]
    [InlineData("securityhub-s3.12-consolidated-finding.json", "S3.12")] // consolidated GeneratorId / SecurityControlId
    [InlineData("securityhub-afsbp-ec2.8-finding-controlid-plus-securitycontrolid.json", "EC2.8")] // transition era: both
    [InlineData("securityhub-cis-1.22-imported-event.json", "1.22")] // old CIS ruleset, ProductFields.RuleId
    [InlineData("securityhub-pci-s3.1-finding.json", "PCI.S3.1")]
    [InlineData("guardduty-ec2-sshbruteforce-typical-finding-docs.json", null)]
    public void Read_ControlFindingOfAnyGeneration_FindsControlId(string sample, string? expected)
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled(sample)).Findings[0].Finding;

        Assert.Equal(expected, finding.ControlId);
    }

    [Fact]
    public void Read_ControlIdOnlyInGeneratorId_ParsesIt()
    {
        const string json = """{"Id":"x","ProductArn":"arn:aws:securityhub:eu-west-1::product/aws/securityhub","GeneratorId":"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.3","Title":"t"}""";

        var finding = FindingInputReader.Read(json).Findings[0].Finding;

        Assert.Equal("1.3", finding.ControlId);
        Assert.Equal("cis-aws-foundations-benchmark/v/1.2.0", finding.Standard);
        Assert.Equal("eu-west-1", finding.Region); // from the ProductArn when the finding names no Region
    }

    [Fact]
    public void Read_WorkflowStateOnly_MapsIt()
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled("guardduty-iamuser-consolelogin-custom-action-event.json")).Findings[0].Finding;

        Assert.Equal(WorkflowStatus.New, finding.Workflow);
    }

    [Fact]
    public void Read_WorkflowStatusAndStaleWorkflowState_PrefersWorkflowStatus()
    {
        const string json = """{"Id":"x","ProductArn":"p","Title":"t","WorkflowState":"NEW","Workflow":{"Status":"RESOLVED"}}""";

        Assert.Equal(WorkflowStatus.Resolved, FindingInputReader.Read(json).Findings[0].Finding.Workflow);
    }

    [Fact]
    public void Read_DuplicateIdsInOneBatch_KeepsOneAndReportsTheOther()
    {
        var batch = FindingInputReader.Read(SampleFiles.ReadBundled("trivy-container-cve-findings-wrapper.json"));

        Assert.Single(batch.Findings);
        Assert.Single(batch.Duplicates);
        Assert.Equal(batch.Findings[0].Finding.Id, batch.Duplicates[0].Ref.Id);
    }

    [Fact]
    public void Read_DuplicateWithNewerUpdatedAt_KeepsTheNewest()
    {
        const string json = """
            [{"Id":"a","ProductArn":"p","Title":"old","UpdatedAt":"2024-01-01T00:00:00Z"},
             {"Id":"a","ProductArn":"p","Title":"new","UpdatedAt":"2024-01-02T00:00:00Z"}]
            """;

        var batch = FindingInputReader.Read(json);

        Assert.Equal("new", Assert.Single(batch.Findings).Finding.Title);
    }

    [Fact]
    public void Read_LowercaseWrapperWithoutAccountId_ReadsFindingAndNonArnResource()
    {
        var batch = FindingInputReader.Read(SampleFiles.ReadBundled("inspector-ec2-missing-awsaccountid-epss-lowercase-wrapper.json"));

        var finding = Assert.Single(batch.Findings).Finding;
        Assert.Equal(InputShape.FindingsWrapper, batch.Shape);
        Assert.Equal("i-1234xxyy", finding.PrimaryResourceId);
    }

    [Fact]
    public void Read_NanosecondTimestamps_Parses()
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled("jfrog-xray-operational-risk-findings-array.json")).Findings[0].Finding;

        Assert.NotNull(finding.UpdatedAt);
    }

    [Fact]
    public void Read_InspectorFinding_ReadsVulnerabilityPackageAndFix()
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled("inspector-ec2-cve-findings-wrapper-5.json")).Findings[0].Finding;

        var vulnerability = Assert.Single(finding.Vulnerabilities);
        Assert.Equal("CVE-2022-3643", vulnerability.Id);
        Assert.Equal(10, vulnerability.CvssScore);
        Assert.Equal("0:5.10.162-141.675.amzn2", vulnerability.Packages[0].FixedInVersion);
        Assert.Equal(FindingProduct.Inspector, finding.Product);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n ", "empty")]
    [InlineData("{\"Id\": \"abc\", \"Title\": ", "not valid JSON")]
    [InlineData("[1, 2, 3]", "no element of the array is a finding")]
    [InlineData("[]", "empty array")]
    [InlineData("{}", "empty object")]
    [InlineData("\"finding\"", "is a string")]
    [InlineData("42", "is a number")]
    [InlineData("null", "is null")]
    [InlineData("{\"Findings\": []}", "empty array")]
    [InlineData("{\"Findings\": {}}", "not an array")]
    [InlineData("{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutBucketPolicy\"}", "CloudTrail record")]
    [InlineData("{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":{}}", "AWS API Call via CloudTrail")]
    [InlineData("{\"detail-type\":\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\",\"detail\":{}}", "no detail.findings")]
    [InlineData("{\"Id\": \"abc\"}", "no \\\"ProductArn\\\"")]
    public void Read_NotAFindingEvent_ThrowsOneLineReason(string json, string expected)
    {
        var ex = Assert.Throws<NotAFindingEventException>(() => FindingInputReader.Read(json));

        Assert.Contains(expected.Replace("\\\"", "\"", StringComparison.Ordinal), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Read_ArrayWithOneBadElement_KeepsTheGoodOnesAndRejectsTheBad()
    {
        const string json = """[{"Id":"a","ProductArn":"p","Title":"t"}, 7, {"Title":"no id"}]""";

        var batch = FindingInputReader.Read(json);

        Assert.Single(batch.Findings);
        Assert.Equal(["[1]", "[2]"], batch.Rejections.Select(r => r.Where));
    }

    [Fact]
    public void Read_SqsBatchWithPoisonRecord_RejectsOnlyThatRecord()
    {
        var imported = SampleFiles.ReadBundled("securityhub-afsbp-ec2.7-imported-event.json");
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            Records = new object[]
            {
                new { messageId = "m1", body = imported, eventSource = "aws:sqs" },
                new { messageId = "m2", body = "{not json", eventSource = "aws:sqs" },
                new { messageId = "m3", body = "{\"detail-type\":\"Security Hub Insight Results\",\"source\":\"aws.securityhub\"}", eventSource = "aws:sqs" },
                new { messageId = "m4", body = imported, eventSource = "aws:sqs" },
            },
        });

        var batch = FindingInputReader.Read(json);

        Assert.Equal(InputShape.SqsBatch, batch.Shape);
        Assert.Equal(["m1", "m2", "m3", "m4"], batch.RecordIds);
        Assert.Equal("m1", Assert.Single(batch.Findings).RecordId); // m4 repeats m1's finding
        Assert.Equal("m4", Assert.Single(batch.Duplicates).RecordId);
        Assert.Equal(["m2", "m3"], batch.Rejections.Select(r => r.RecordId));
    }
}

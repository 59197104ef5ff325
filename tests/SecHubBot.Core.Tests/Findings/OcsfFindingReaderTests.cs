using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;

namespace SecHubBot.Core.Tests.Findings;

public class OcsfFindingReaderTests
{
    private const string GuardDuty = "detection-2004-guardduty-cloudtrail-disabled-sumologic-event.json";
    private const string Exposure = "detection-2004-exposure-lambda-securityhub-risk-awsdocs.json";
    private const string Macie = "data-security-2006-macie-PARTIAL-asr.json";
    private const string Coverage = "compliance-2003-guardduty-coverage-asr.json";

    public static TheoryData<string> OcsfSamples() => new(SampleFiles.OcsfPaths());

    private static string Read(string name) => File.ReadAllText(SampleFiles.OcsfPath(name));

    private static Finding Only(string name) => Assert.Single(FindingInputReader.Read(Read(name)).Findings).Finding;

    /// <summary>The OCSF finding inside a sample event, as GetFindingsV2 would return it.</summary>
    private static JsonObject FindingOf(string name) => JsonNode.Parse(Read(name))!["detail"]!["findings"]![0]!.DeepClone().AsObject();

    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public void Read_EveryOcsfSample_ReadsOneOcsfFindingSecurityHubCanAddress(string path)
    {
        var batch = FindingInputReader.Read(File.ReadAllText(path));

        Assert.Equal(InputShape.EventBridgeImported, batch.Shape);
        Assert.Empty(batch.Rejections);
        var finding = Assert.Single(batch.Findings).Finding;
        Assert.Equal(FindingSchema.Ocsf, finding.Schema);
        Assert.StartsWith("arn:aws:securityhub:", finding.ProductArn, StringComparison.Ordinal);
        Assert.Contains(":productv2/aws/", finding.ProductArn, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(finding.Title));
        Assert.NotNull(finding.Ocsf);
        Assert.True(finding.Ocsf.MetadataUid is not null || finding.Ocsf.Identifier is not null);
        Assert.Equal(JsonNode.Parse(File.ReadAllText(path))!["detail"]!["findings"]![0]!["class_uid"]!.GetValue<int>(), finding.Ocsf.ClassUid);
        Assert.NotEmpty(finding.Resources);
    }

    [Fact]
    public void Read_GuardDutyDetection_IdentitySeverityStatusTimesAndComment()
    {
        var finding = Only(GuardDuty);

        Assert.Equal("1d24e91799652d9e17025b61d94f436b20b515b6f3cd9bda788f48c1db9cf244", finding.Id);
        Assert.Equal("arn:aws:securityhub:us-east-1::productv2/aws/guardduty", finding.ProductArn);
        Assert.Equal(
            new OcsfFindingIdentifier(
                "869728294964",
                "arn:aws:guardduty:us-east-1:869728294630:detector/b4c71b47fb852d3fc0e99a82fa2841aa/finding/06c95f0cfdfd3b579b977e20e9da1aa4",
                "arn:aws:securityhub:us-east-1::productv2/aws/guardduty"),
            finding.Ocsf!.Identifier);
        Assert.Equal(FindingProduct.GuardDuty, finding.Product);
        Assert.Equal(SeverityLabel.Low, finding.Severity.Label);
        Assert.Equal(OcsfStatus.Suppressed, finding.Ocsf.Status);
        Assert.Equal(WorkflowStatus.Suppressed, finding.Workflow);
        Assert.Equal(OcsfActivity.Update, finding.Ocsf.Activity);
        Assert.Equal(["Stealth:IAMUser/CloudTrailLoggingDisabled"], finding.Types);
        Assert.Equal(DateTimeOffset.Parse("2024-10-24T10:21:26.000Z", System.Globalization.CultureInfo.InvariantCulture), finding.FirstObservedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1753153354272), finding.UpdatedAt);
        Assert.Equal("John's testing", finding.Note?.Text);
        var resource = Assert.Single(finding.Resources);
        Assert.Equal("AwsIamAccessKey", resource.Type);
        Assert.Equal("cis_automation", resource.Name);
        Assert.Equal("ASIA4U76YS3TB3MEOA3O", resource.Details!.Value.GetProperty("access_key_id").GetString());
    }

    [Fact]
    public void Read_ExposureWithoutMetadataUid_AddressedByIdentifierWithItsTraits()
    {
        var finding = Only(Exposure);

        Assert.Null(finding.Ocsf!.MetadataUid);
        Assert.Equal(finding.Ocsf.Identifier!.FindingInfoUid, finding.Id);
        Assert.Equal("123456789012", finding.Ocsf.Identifier.CloudAccountUid);
        Assert.Equal(FindingProduct.SecurityHubExposure, finding.Product);
        Assert.Equal(SeverityLabel.Critical, finding.Severity.Label);
        Assert.Equal(3, finding.Ocsf.RelatedFindings.Count);
        Assert.Contains(finding.Ocsf.RelatedFindings, r => r.Traits.Any(t => t.Category == "Reachability" && t.Values.Contains("Publicly Invocable")));
        Assert.Contains(finding.Ocsf.RelatedFindings, r => r.Traits.Any(t => t.Category == "Vulnerability" && t.Values.Contains("Exploit Available")));
        // Nine fraction digits ("…26.337224100Z") and the finding_info typo key: the time still reads, from the top-level time.
        Assert.Equal(new DateTimeOffset(2024, 11, 15, 21, 39, 26, TimeSpan.Zero).AddTicks(3372241), finding.CreatedAt);
        Assert.NotNull(finding.UpdatedAt);
        Assert.Equal("AwsLambdaFunction", finding.Resources[0].Type);
    }

    [Fact]
    public void Read_PartialMacieFinding_TitleFromTypeAndBucketArnFromUidAlt()
    {
        var finding = Only(Macie);

        Assert.Equal(FindingProduct.Macie, finding.Product);
        Assert.Equal("SensitiveData:S3Object/Personal", finding.Title);
        Assert.Equal(OcsfStatus.New, finding.Ocsf!.Status);
        Assert.Equal(SeverityLabel.Informational, finding.Severity.Label);
        Assert.Equal(["AwsS3Object", "AwsS3Bucket"], finding.Resources.Select(r => r.Type));
        Assert.Equal("test-data.txt", finding.Resources[0].Id);
        Assert.Equal("arn:aws:s3:::my-sensitive-data-bucket", finding.Resources[1].Id);
    }

    [Fact]
    public void Read_CoverageFinding_PassesAndNamesTheAccountNotTheDetector()
    {
        var finding = Only(Coverage);

        Assert.Equal(ComplianceStatus.Passed, finding.Compliance);
        Assert.Null(finding.ControlId);
        var account = Assert.Single(finding.Resources);
        Assert.Equal("AwsAccount", account.Type);
        Assert.Equal("AWS::::Account:123456789012", account.Id);
        Assert.Equal("https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html", finding.RemediationUrl);
    }

    [Fact]
    public void Read_ComplianceFinding_ControlStandardAndFail()
    {
        var finding = FindingOf(Coverage);
        finding["compliance"] = new JsonObject
        {
            ["control"] = "SSM.1",
            ["standards"] = new JsonArray("standards/aws-foundational-security-best-practices/v/1.0.0"),
            ["status"] = "Fail",
            ["status_id"] = 3,
        };
        finding["metadata"]!["product"]!["uid"] = "arn:aws:securityhub:us-east-2::productv2/aws/securityhub";

        var read = OcsfFindingReader.Read(JsonSerializer.SerializeToElement(finding)).Finding!;

        Assert.Equal("SSM.1", read.ControlId);
        Assert.Equal("aws-foundational-security-best-practices/v/1.0.0", read.Standard);
        Assert.Equal(ComplianceStatus.Failed, read.Compliance);
        Assert.Equal(FindingProduct.SecurityHubControl, read.Product);
        Assert.Equal("SSM.1", read.ProblemKey);
    }

    [Fact]
    public void Read_VulnerabilityFinding_CvePackageFixedVersionExploitAndEpss()
    {
        var finding = FindingOf(Coverage);
        finding["class_uid"] = 2002;
        finding.Remove("compliance");
        finding["metadata"]!["product"]!["uid"] = "arn:aws:securityhub:us-east-2::productv2/aws/inspector";
        finding["vulnerabilities"] = JsonNode.Parse("""
            [{"affected_packages":[{"epoch":0,"fixed_in_version":"1.24.6","name":"go/stdlib","package_manager":"GENERIC","path":"collector","version":"1.24.0"}],
              "cve":{"cvss":[{"base_score":6.5,"severity":"MEDIUM"},{"base_score":5.3}],"epss":{"score":"0.00017"},"uid":"CVE-2025-47906"},
              "fix_coverage":"Complete","is_exploit_available":false,"is_fix_available":true,"references":["https://nvd.nist.gov/vuln/detail/CVE-2025-47906"],"severity":"MEDIUM"}]
            """);

        var vulnerability = Assert.Single(OcsfFindingReader.Read(JsonSerializer.SerializeToElement(finding)).Finding!.Vulnerabilities);

        Assert.Equal("CVE-2025-47906", vulnerability.Id);
        Assert.Equal(6.5, vulnerability.CvssScore);
        Assert.Equal("YES", vulnerability.FixAvailable);
        Assert.Equal("NO", vulnerability.ExploitAvailable);
        Assert.Equal(0.00017, vulnerability.EpssScore);
        var package = Assert.Single(vulnerability.Packages);
        Assert.Equal(("go/stdlib", "1.24.0", "1.24.6", "collector"), (package.Name, package.Version, package.FixedInVersion, package.FilePath));
    }

    [Fact]
    public void Read_EpochMillisecondsWithoutIsoTwins_ReadsTheTimes()
    {
        var finding = FindingOf(GuardDuty);
        var info = finding["finding_info"]!.AsObject();
        foreach (var name in info.Select(p => p.Key).Where(k => k.EndsWith("_dt", StringComparison.Ordinal)).ToArray())
        {
            info.Remove(name);
        }

        var read = OcsfFindingReader.Read(JsonSerializer.SerializeToElement(finding)).Finding!;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1729765286000), read.FirstObservedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1753153354272), read.UpdatedAt);
    }

    [Theory]
    [InlineData("metadata", "has no \"metadata\" object")]
    [InlineData("metadata.product", "has no metadata.product.uid")]
    [InlineData("metadata.uid+cloud", "has no metadata.uid and no complete identifier")]
    [InlineData("metadata.uid+finding_info", "has no metadata.uid and no complete identifier")]
    public void Read_OcsfFindingWithoutIdentity_IsRejectedWithAClearMessage(string remove, string expected)
    {
        var finding = FindingOf(GuardDuty);
        foreach (var part in remove.Split('+'))
        {
            var path = part.Split('.');
            var parent = path.Length == 1 ? finding : finding[path[0]]!.AsObject();
            parent.Remove(path[^1]);
        }

        var evt = JsonNode.Parse(Read(GuardDuty))!.AsObject();
        evt["detail"]!["findings"] = new JsonArray(finding);
        var sqs = JsonSerializer.Serialize(new { Records = new[] { new { messageId = "m1", body = evt.ToJsonString() }, new { messageId = "m2", body = Read(Coverage) } } });

        var batch = FindingInputReader.Read(sqs);

        var rejection = Assert.Single(batch.Rejections);
        Assert.Equal("m1", rejection.RecordId);
        Assert.Contains(expected, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal("m2", Assert.Single(batch.Findings).RecordId);
    }

    [Fact]
    public void Read_SqsBatchMixingAsffAndOcsf_ReadsBothSchemas()
    {
        var asff = SampleFiles.ReadBundled("securityhub-afsbp-ec2.7-imported-event.json");
        var sqs = JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new { messageId = "asff", body = asff },
                new { messageId = "ocsf-1", body = Read(GuardDuty) },
                new { messageId = "ocsf-2", body = Read(Exposure) },
            },
        });

        var batch = FindingInputReader.Read(sqs);

        Assert.Equal(InputShape.SqsBatch, batch.Shape);
        Assert.Empty(batch.Rejections);
        Assert.Equal([("asff", FindingSchema.Asff), ("ocsf-1", FindingSchema.Ocsf), ("ocsf-2", FindingSchema.Ocsf)],
            batch.Findings.Select(f => (f.RecordId!, f.Finding.Schema)));
    }

    [Fact]
    public void Read_GetFindingsV2OutputArrayAndSingleFinding_ReadTheSameFinding()
    {
        var finding = FindingOf(GuardDuty);
        var wrapper = new JsonObject { ["Findings"] = new JsonArray(finding.DeepClone()), ["NextToken"] = "abc" }.ToJsonString();
        var array = new JsonArray(finding.DeepClone()).ToJsonString();

        var fromWrapper = FindingInputReader.Read(wrapper);
        var fromArray = FindingInputReader.Read(array);
        var fromSingle = FindingInputReader.Read(finding.ToJsonString());

        Assert.Equal(InputShape.FindingsWrapper, fromWrapper.Shape);
        Assert.Equal(InputShape.FindingArray, fromArray.Shape);
        Assert.Equal(InputShape.SingleFinding, fromSingle.Shape);
        Assert.All(new[] { fromWrapper, fromArray, fromSingle }, b => Assert.Equal(Only(GuardDuty).Ref, Assert.Single(b.Findings).Finding.Ref));
    }

    [Theory]
    [InlineData("AWS::EC2::SecurityGroup", "AwsEc2SecurityGroup")]
    [InlineData("AWS::RDS::DBInstance", "AwsRdsDbInstance")]
    [InlineData("AWS::ElasticLoadBalancingV2::LoadBalancer", "AwsElbv2LoadBalancer")]
    [InlineData("AWS::DynamoDB::Table", "AwsDynamoDbTable")]
    [InlineData("AWS::CloudTrail::Trail", "AwsCloudTrailTrail")]
    [InlineData("AWS::::Account", "AwsAccount")]
    [InlineData("AwsLambdaFunction", "AwsLambdaFunction")]
    [InlineData(null, "Other")]
    public void ToAsff_CloudFormationStyleType_ReturnsAsffName(string? ocsf, string asff) =>
        Assert.Equal(asff, OcsfResourceTypes.ToAsff(ocsf));
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Aws;

/// <summary>Minimal but valid ASFF control findings, for tests that need many of them.</summary>
public static class SyntheticFindings
{
    public const string ProductArn = "arn:aws:securityhub:us-east-1::product/aws/securityhub";

    public static string IdOf(int index, string controlId = "EC2.18") =>
        $"arn:aws:securityhub:us-east-1:123456789012:security-control/{controlId}/finding/{index:D8}-0000-4000-8000-000000000000";

    public static JsonElement Control(int index, string controlId = "EC2.18", IReadOnlyDictionary<string, string>? userDefinedFields = null,
        string? description = null)
    {
        var finding = new JsonObject
        {
            ["SchemaVersion"] = "2018-10-08",
            ["Id"] = IdOf(index, controlId),
            ["ProductArn"] = ProductArn,
            ["GeneratorId"] = "security-control/" + controlId,
            ["AwsAccountId"] = "123456789012",
            ["Region"] = "us-east-1",
            ["Types"] = new JsonArray("Software and Configuration Checks/Industry and Regulatory Standards"),
            ["CreatedAt"] = "2026-11-01T10:00:00.000Z",
            ["UpdatedAt"] = "2026-11-01T10:00:00.000Z",
            ["Severity"] = new JsonObject { ["Label"] = "HIGH", ["Normalized"] = 70 },
            ["Title"] = "Security groups should only allow unrestricted incoming traffic for authorized ports",
            ["Description"] = description ?? "This control checks whether security groups allow unrestricted incoming traffic on unauthorized ports.",
            ["Remediation"] = new JsonObject
            {
                ["Recommendation"] = new JsonObject
                {
                    ["Text"] = "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
                    ["Url"] = $"https://docs.aws.amazon.com/console/securityhub/{controlId}/remediation",
                },
            },
            ["Compliance"] = new JsonObject { ["Status"] = "FAILED", ["SecurityControlId"] = controlId },
            ["Resources"] = new JsonArray(new JsonObject
            {
                ["Type"] = "AwsEc2SecurityGroup",
                ["Id"] = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-" + index.ToString("x8", CultureInfo.InvariantCulture),
                ["Partition"] = "aws",
                ["Region"] = "us-east-1",
            }),
            ["Workflow"] = new JsonObject { ["Status"] = "NEW" },
            ["RecordState"] = "ACTIVE",
        };
        if (userDefinedFields is not null)
        {
            var map = new JsonObject();
            foreach (var (key, value) in userDefinedFields)
            {
                map[key] = value;
            }

            finding["UserDefinedFields"] = map;
        }

        return JsonSerializer.SerializeToElement(finding);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>
/// The README's three-team routing example and a mixed batch for it: several accounts, severities, products and
/// tags, each finding with the channels the rules must send it to.
/// </summary>
internal static class RoutedBatch
{
    public const string Payments = "C0PAYMENTS1";
    public const string OnCall = "C0ONCALL001";
    public const string Data = "C0DATATEAM1";
    public const string Threats = "C0THREATS01";
    public const string Security = "C0SECURITY1";
    public const string OnCallGroup = "S0PAYONCALL";
    public const string PaymentsApprovers = "S0PAYMENTS1";
    public const string DataLead = "U0DATALEAD1";

    /// <summary>Routing and account names as configuration keys, exactly as the README's example writes them.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Slack:Channel"] = Security,
        ["Accounts:111122223333:Name"] = "prod-payments",
        ["Accounts:444455556666:Name"] = "data-lake",
        ["Routing:Rules:0:Channel"] = Payments,
        ["Routing:Rules:0:Accounts:0"] = "111122223333",
        ["Routing:Rules:0:MinSeverity"] = "CRITICAL",
        ["Routing:Rules:0:AlsoChannels:0"] = OnCall,
        ["Routing:Rules:0:MentionGroup"] = OnCallGroup,
        ["Routing:Rules:0:Approvers:0"] = PaymentsApprovers,
        ["Routing:Rules:0:IacFlavor"] = "cdk",
        ["Routing:Rules:1:Channel"] = Payments,
        ["Routing:Rules:1:Accounts:0"] = "111122223333",
        ["Routing:Rules:1:Approvers:0"] = PaymentsApprovers,
        ["Routing:Rules:1:IacFlavor"] = "cdk",
        ["Routing:Rules:2:Channel"] = Data,
        ["Routing:Rules:2:ResourceTags:0"] = "team=data",
        ["Routing:Rules:2:Approvers:0"] = DataLead,
        ["Routing:Rules:3:Channel"] = Threats,
        ["Routing:Rules:3:Products:0"] = "GuardDuty",
    };

    /// <summary>The batch, each finding with where it must land and the account text its alert must show.</summary>
    public static IReadOnlyList<(JsonElement Finding, string[] Channels, string Account)> Findings { get; } =
    [
        (Finding(1, "S3.1", "111122223333", "CRITICAL"), [Payments, OnCall], "prod-payments (111122223333)"),
        (Finding(2, "EC2.18", "111122223333", "HIGH"), [Payments], "prod-payments (111122223333)"),
        (Finding(3, "RDS.2", "444455556666", "HIGH", tag: ("team", "data")), [Data], "data-lake (444455556666)"),
        (GuardDuty(4, "777788889999"), [Threats], "777788889999"),
        (Finding(5, "IAM.6", "777788889999", "CRITICAL"), [Security], "777788889999"),
    ];

    public static string IdOf(JsonElement finding) => finding.GetProperty("Id").GetString()!;

    private static JsonElement Finding(int index, string control, string account, string severity, (string Key, string Value)? tag = null)
    {
        var finding = JsonNode.Parse(SyntheticFindings.Control(index, control).GetRawText())!.AsObject();
        finding["Id"] = SyntheticFindings.IdOf(index, control).Replace("123456789012", account, StringComparison.Ordinal);
        finding["AwsAccountId"] = account;
        finding["Severity"] = new JsonObject { ["Label"] = severity, ["Normalized"] = severity == "CRITICAL" ? 90 : 70 };
        if (tag is { } t)
        {
            finding["Resources"]![0]!["Tags"] = new JsonObject { [t.Key] = t.Value };
        }

        return JsonSerializer.SerializeToElement(finding);
    }

    private static JsonElement GuardDuty(int index, string account)
    {
        var finding = JsonNode.Parse(Finding(index, "GD.1", account, "HIGH").GetRawText())!.AsObject();
        finding["ProductArn"] = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
        finding["ProductName"] = "GuardDuty";
        finding["GeneratorId"] = "arn:aws:guardduty:us-east-1:" + account + ":detector/d1";
        finding["Id"] = $"arn:aws:guardduty:us-east-1:{account}:detector/d1/finding/f{index}";
        finding["Types"] = new JsonArray("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce");
        finding["Title"] = "SSH brute force against i-0abc";
        finding.Remove("Compliance");
        return JsonSerializer.SerializeToElement(finding);
    }
}

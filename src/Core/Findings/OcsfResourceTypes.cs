namespace SecHubBot.Core.Findings;

/// <summary>
/// OCSF findings name resource types the CloudFormation way ("AWS::EC2::SecurityGroup"); the model,
/// and everything that reads it, uses ASFF's names ("AwsEc2SecurityGroup"). Most translate by rule
/// (service in Pascal case after "Aws"); the few ASFF spells differently are listed.
/// </summary>
/// <remarks>ASFF resource types: https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html</remarks>
public static class OcsfResourceTypes
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = "AwsElbv2LoadBalancer",
        ["AWS::ElasticLoadBalancing::LoadBalancer"] = "AwsElbLoadBalancer",
        ["AWS::DynamoDB::Table"] = "AwsDynamoDbTable",
    };

    /// <summary>The ASFF name for <paramref name="type"/>; types already in ASFF form (or unknown forms) pass through, a missing one is "Other".</summary>
    public static string ToAsff(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return "Other";
        }

        if (Irregular.TryGetValue(type, out var known))
        {
            return known;
        }

        var parts = type.Split("::");
        if (parts.Length != 3 || parts[0] != "AWS" || parts[2].Length == 0)
        {
            return type;
        }

        return "Aws" + Pascal(parts[1]) + (parts[2].StartsWith("DB", StringComparison.Ordinal) ? "Db" + parts[2][2..] : parts[2]);
    }

    /// <summary>"EC2" → "Ec2", "IAM" → "Iam", "S3" → "S3"; mixed-case names ("Lambda", "CloudTrail") stay.</summary>
    private static string Pascal(string service) =>
        service.Length > 1 && service.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
            ? service[0] + service[1..].ToLowerInvariant()
            : service;
}

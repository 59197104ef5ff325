using System.Text.RegularExpressions;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain.Offline;

/// <summary>Readable names for ASFF resource types (OCSF types arrive translated to them) and ids ("AwsEc2SecurityGroup" → "EC2 security group").</summary>
public static partial class ResourceNames
{
    private static readonly Dictionary<string, string> KnownTypes = new(StringComparer.Ordinal)
    {
        ["AwsAccount"] = "AWS account",
        ["AwsEc2SecurityGroup"] = "EC2 security group",
        ["AwsEc2Instance"] = "EC2 instance",
        ["AwsEc2Vpc"] = "VPC",
        ["AwsEc2Subnet"] = "subnet",
        ["AwsEc2Volume"] = "EBS volume",
        ["AwsEc2NetworkAcl"] = "network ACL",
        ["AwsS3Bucket"] = "S3 bucket",
        ["AwsS3Object"] = "S3 object",
        ["AwsSqsQueue"] = "SQS queue",
        ["AwsIamPolicy"] = "IAM policy",
        ["AwsIamRole"] = "IAM role",
        ["AwsIamUser"] = "IAM user",
        ["AwsIamAccessKey"] = "IAM access key",
        ["AwsRdsDbInstance"] = "RDS database instance",
        ["AwsRdsDbSnapshot"] = "RDS snapshot",
        ["AwsLambdaFunction"] = "Lambda function",
        ["AwsCloudTrailTrail"] = "CloudTrail trail",
        ["AwsCloudFrontDistribution"] = "CloudFront distribution",
        ["AwsRedshiftCluster"] = "Redshift cluster",
        ["AwsKmsKey"] = "KMS key",
        ["AwsEcrContainerImage"] = "ECR container image",
        ["AwsEcrRepository"] = "ECR repository",
        ["AwsEksCluster"] = "EKS cluster",
        ["AwsElbv2LoadBalancer"] = "load balancer",
        ["Container"] = "container",
        ["Other"] = "resource",
    };

    public static string TypeName(string type)
    {
        if (KnownTypes.TryGetValue(type, out var known))
        {
            return known;
        }

        // AwsFooBarBaz → "Foo Bar Baz" is good enough for the long tail of types.
        var words = WordBoundary().Replace(type.StartsWith("Aws", StringComparison.Ordinal) ? type[3..] : type, " $1").Trim();
        return words.Length == 0 ? "resource" : words;
    }

    /// <summary>The short, human part of an id: "sg-47dd…" from an ARN, the account number from "AWS::::Account:1111".</summary>
    public static string ShortId(string id)
    {
        if (id.StartsWith("AWS::::Account:", StringComparison.Ordinal))
        {
            return id["AWS::::Account:".Length..];
        }

        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return id;
        }

        var resource = id.Split(':', 6) is { Length: 6 } parts ? parts[5] : id;
        var trimmed = resource.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var colon = trimmed.LastIndexOf(':');
        var cut = Math.Max(slash, colon);
        return cut >= 0 && cut < trimmed.Length - 1 ? trimmed[(cut + 1)..] : trimmed;
    }

    /// <summary>"EC2 security group sg-123 (launch-wizard-1)" style description of a resource.</summary>
    public static string Describe(FindingResource resource)
    {
        var name = ResourceFacts.NameOf(resource);
        var shortId = ShortId(resource.Id);
        var label = TypeName(resource.Type);
        return name is not null && !string.Equals(name, shortId, StringComparison.Ordinal)
            ? $"{label} {shortId} ({name})"
            : $"{label} {shortId}";
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z][a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();
}

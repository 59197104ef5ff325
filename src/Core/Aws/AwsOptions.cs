namespace SecHubBot.Core.Aws;

/// <summary>The <c>Aws</c> configuration section, shared by the Security Hub, Bedrock and Secrets Manager clients.</summary>
public sealed class AwsOptions
{
    public const string SectionName = "Aws";

    /// <summary><c>Aws:Region</c>, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c> (what the AWS CLI and SDKs read; see ConfigurationAliases).</summary>
    public string? Region { get; set; }

    /// <summary>The region, or an exception naming the keys that would set it.</summary>
    public string RequireRegion() => string.IsNullOrWhiteSpace(Region)
        ? throw new SecHubBot.Core.Configuration.InvalidConfigurationException("Aws:Region", "No AWS region: set Aws:Region (or the AWS_REGION environment variable).")
        : Region.Trim();

    /// <summary>Problems for a host that calls regional AWS services (<paramref name="neededFor"/> says which), each naming the key.</summary>
    public IEnumerable<string> Problems(string neededFor)
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return $"Aws:Region (or AWS_REGION) is required: {neededFor}";
        }
    }

    /// <summary>The DNS suffix of a region's partition: China regions live under amazonaws.com.cn.</summary>
    public static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}

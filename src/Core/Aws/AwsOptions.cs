using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Aws;

/// <summary>The <c>Aws</c> configuration section, shared by the Security Hub and Bedrock clients.</summary>
public sealed class AwsOptions
{
    public const string SectionName = "Aws";

    /// <summary><c>Aws:Region</c>, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c> (what the AWS CLI and SDKs read).</summary>
    public string? Region { get; set; }

    /// <summary>The region, or an exception naming the keys that would set it.</summary>
    public string RequireRegion() => string.IsNullOrWhiteSpace(Region)
        ? throw new SecHubBot.Core.Configuration.InvalidConfigurationException("Aws:Region", "No AWS region: set Aws:Region (or the AWS_REGION environment variable).")
        : Region.Trim();

    /// <summary>Reads the section with the documented fallbacks; configuration wins over the environment variables it names.</summary>
    public static AwsOptions From(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        ArgumentNullException.ThrowIfNull(configuration);
        var region = configuration[$"{SectionName}:Region"];
        if (string.IsNullOrWhiteSpace(region))
        {
            region = configuration["AWS_REGION"];
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            region = configuration["AWS_DEFAULT_REGION"];
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION");
        }

        return new AwsOptions { Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim() };
    }

    /// <summary>The DNS suffix of a region's partition: China regions live under amazonaws.com.cn.</summary>
    public static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}

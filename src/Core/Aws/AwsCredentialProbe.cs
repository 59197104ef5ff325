using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Aws;

/// <summary>
/// Answers "would AWS calls have credentials and a region?" for <c>Explain:Mode</c>'s default,
/// without touching the network: it looks only at the environment variables and shared files the
/// SDK's chain reads first. Instance metadata (plain EC2 instance profiles) is deliberately not
/// probed, because on a laptop or CI runner that lookup waits on a link-local address for seconds;
/// there, set <c>Explain:Mode=bedrock</c> explicitly. The variables are read from the configuration, where the
/// hosts' environment source puts them under their own names (tests supply them in memory).
/// </summary>
public static class AwsCredentialProbe
{
    /// <summary>True when a region is set and some credential source the chain reads first is present.</summary>
    public static bool CredentialsAndRegionResolve(AwsOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.Region) && DescribeCredentialSource(configuration) is not null;
    }

    /// <summary>The first credential source found (for a startup log line; never a secret), or null.</summary>
    public static string? DescribeCredentialSource(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Read(string name) => configuration[name];
        bool Set(string name) => !string.IsNullOrWhiteSpace(Read(name));

        if (Set("AWS_ACCESS_KEY_ID") && Set("AWS_SECRET_ACCESS_KEY"))
        {
            return "environment variables";
        }

        if (Set("AWS_WEB_IDENTITY_TOKEN_FILE") && Set("AWS_ROLE_ARN"))
        {
            return "web identity (IRSA)";
        }

        if (Set("AWS_CONTAINER_CREDENTIALS_FULL_URI") || Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
        {
            return "container credentials (ECS task role or EKS Pod Identity)";
        }

        if (Set("AWS_PROFILE"))
        {
            return "profile " + Read("AWS_PROFILE");
        }

        var home = Read("HOME") ?? Read("USERPROFILE");
        var credentialsFile = Read("AWS_SHARED_CREDENTIALS_FILE") ?? (home is null ? null : Path.Combine(home, ".aws", "credentials"));
        var configFile = Read("AWS_CONFIG_FILE") ?? (home is null ? null : Path.Combine(home, ".aws", "config"));
        if ((credentialsFile is not null && File.Exists(credentialsFile)) || (configFile is not null && File.Exists(configFile)))
        {
            return "shared config or credentials file";
        }

        return null;
    }
}

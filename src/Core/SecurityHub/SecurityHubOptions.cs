namespace SecHubBot.Core.SecurityHub;

/// <summary>The <c>SecurityHub</c> configuration section.</summary>
public sealed class SecurityHubOptions
{
    public const string SectionName = "SecurityHub";

    /// <summary><c>SecurityHub:ServiceUrl</c>: overrides https://securityhub.{region}.amazonaws.com (tests, VPC endpoints).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Retries after the first attempt, for throttling, 5xx and network errors.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff; it doubles each attempt, with jitter. GetFindings allows only a few requests a second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>No single wait is longer than this, whatever Retry-After says.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>One attempt's limit; a hung connection is retried rather than waited on forever.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl.Trim(), UriKind.Absolute, out _))
        {
            yield return $"SecurityHub:ServiceUrl \"{ServiceUrl}\" is not an absolute URL";
        }

        if (MaxRetries < 0)
        {
            yield return "SecurityHub:MaxRetries must not be negative";
        }
    }

    public Uri ResolveEndpoint(string region)
    {
        var url = string.IsNullOrWhiteSpace(ServiceUrl)
            ? $"https://securityhub.{region}.{Aws.AwsOptions.DnsSuffix(region)}/"
            : ServiceUrl.Trim();
        if (!url.EndsWith('/'))
        {
            url += "/";
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"SecurityHub:ServiceUrl \"{ServiceUrl}\" is not an absolute URL.");
    }
}

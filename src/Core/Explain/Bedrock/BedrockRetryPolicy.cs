namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// When and how long to wait before calling Bedrock again: AWS's "standard" retry mode, exponential
/// backoff with full jitter (a random wait up to base × 2^attempt, capped), so throttled callers spread out.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html</remarks>
public sealed record BedrockRetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>The AWS SDKs' standard mode: a 1 s base and a 20 s cap.</summary>
    public static BedrockRetryPolicy Standard(int maxRetries) => new(Math.Max(0, maxRetries), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));

    /// <summary>The wait before retry number <paramref name="attempt"/> + 1 (attempt 0 is the first call).</summary>
    public TimeSpan DelayBefore(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}

namespace SecHubBot.Ingest.Pipeline;

/// <summary>The <c>Ingest</c> configuration section.</summary>
internal sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary><c>Ingest:StormThreshold</c>: more findings than this of one control, account and region in a batch become one grouped alert.</summary>
    public int StormThreshold { get; set; } = 5;

    /// <summary>
    /// <c>Ingest:DeadlineReserve</c>: no new alert is started when less than this is left before the Lambda
    /// deadline; the findings not reached are reported as failed records and come back.
    /// </summary>
    public TimeSpan DeadlineReserve { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>Ingest:ExplainConcurrency</c>: explanations asked of the model at once (distinct controls; the cache shares each).</summary>
    public int ExplainConcurrency { get; set; } = 8;

    public IEnumerable<string> Problems()
    {
        if (StormThreshold < 1)
        {
            yield return $"Ingest:StormThreshold is {StormThreshold}; it must be 1 or more";
        }

        if (ExplainConcurrency < 1)
        {
            yield return $"Ingest:ExplainConcurrency is {ExplainConcurrency}; it must be 1 or more";
        }

        if (DeadlineReserve < TimeSpan.Zero)
        {
            yield return "Ingest:DeadlineReserve must not be negative";
        }
    }
}

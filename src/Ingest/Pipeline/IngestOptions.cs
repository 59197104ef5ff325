namespace SecHubBot.Ingest.Pipeline;

/// <summary>The <c>Ingest</c> configuration section.</summary>
internal sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// <c>Ingest:StormWindow</c>: findings of one control, account and region that arrive within this of the first
    /// share one thread, whichever batch and instance receives them (the store of record's storm group).
    /// </summary>
    public TimeSpan StormWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>Ingest:ClaimWait</c>: how long an instance that lost a claim waits for the winner's thread before leaving the record for redelivery.</summary>
    public TimeSpan ClaimWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>Ingest:DeadlineReserve</c>: no new alert is started when less than this is left before the Lambda
    /// deadline; the findings not reached are reported as failed records and come back.
    /// </summary>
    public TimeSpan DeadlineReserve { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>Ingest:ExplainConcurrency</c>: explanations asked of the model at once (distinct controls; the cache shares each).</summary>
    public int ExplainConcurrency { get; set; } = 8;

    public IEnumerable<string> Problems()
    {
        if (StormWindow < TimeSpan.Zero)
        {
            yield return "Ingest:StormWindow must not be negative (zero turns storm grouping off)";
        }

        if (ClaimWait < TimeSpan.Zero)
        {
            yield return "Ingest:ClaimWait must not be negative";
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

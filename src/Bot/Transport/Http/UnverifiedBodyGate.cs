namespace SecHubBot.Bot.Transport.Http;

/// <summary>
/// Anyone who can reach the endpoints can make us read a body before its signature says it is Slack's: reads in
/// flight are capped so slow or large unsigned uploads cannot hold the pod's memory and threads. Slack itself
/// sends a handful at a time; a request that finds the gate full gets 503 and Slack retries it.
/// </summary>
public sealed class UnverifiedBodyGate
{
    /// <summary>Bodies read at once; with the 1 MiB cap, at most 64 MiB held by unverified requests.</summary>
    public const int MaxConcurrentReads = 64;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentReads, MaxConcurrentReads);

    /// <summary>A slot to read one body, or null when every slot is taken (answer 503).</summary>
    public Slot? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    public sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

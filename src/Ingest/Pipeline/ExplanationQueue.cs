using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>Explanations started early (bounded concurrency) and awaited in posting order; the cache shares one call per control.</summary>
internal sealed class ExplanationQueue(IFindingExplainer explainer, int concurrency, CancellationToken cancellationToken)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private readonly Dictionary<FindingRef, Task<Explanation>> _tasks = [];
    private readonly Lock _lock = new();

    public void Start(Finding finding)
    {
        lock (_lock)
        {
            if (!_tasks.ContainsKey(finding.Ref))
            {
                _tasks[finding.Ref] = ExplainAsync(finding);
            }
        }
    }

    public Task<Explanation> GetAsync(Finding finding)
    {
        Start(finding);
        lock (_lock)
        {
            return _tasks[finding.Ref];
        }
    }

    /// <summary>Lets explanations nobody awaited (the run stopped early) finish quietly.</summary>
    public async Task DrainAsync()
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _tasks.Values];
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each failure was already reported by the alert that awaited it, or the run stopped.
        }

        _slots.Dispose();
    }

    private async Task<Explanation> ExplainAsync(Finding finding)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await explainer.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}

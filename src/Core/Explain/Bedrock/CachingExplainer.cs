using System.Collections.Concurrent;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// One model explanation per product and problem (<see cref="ExplanationCacheKey"/>: control, CVE, finding type), model, prompt version and IaC flavour: a storm
/// of 500 EC2.18 findings costs one call. Concurrent requests for one key await the same in-flight
/// call. Fallbacks are not cached, and a finding whose shared call fell back gets its own offline text.
/// </summary>
public sealed class CachingExplainer(IFindingExplainer inner, IFindingExplainer offline, string model, IacFlavor flavor, int maxEntries = 2000)
    : IFindingExplainer
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Explanation>>> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public async Task<Explanation> ExplainAsync(Finding finding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var key = KeyOf(finding);
        if (_entries.Count >= maxEntries && !_entries.ContainsKey(key))
        {
            // Crude but bounded: distinct problem keys are few (controls) or churn (CVEs); start over rather than grow.
            _entries.Clear();
        }

        var created = false;
        var entry = _entries.GetOrAdd(key, k =>
        {
            created = true;
            return new Lazy<Task<Explanation>>(() => ComputeAsync(k, finding), LazyThreadSafetyMode.ExecutionAndPublication);
        });
        SecHubBotTelemetry.ExplanationCache.Add(1, new KeyValuePair<string, object?>("result", created ? "miss" : "hit"));

        // The shared call is not tied to the first caller's token: one caller giving up must not fail the others.
        var explanation = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (explanation.Source == ExplanationSource.Model)
        {
            return explanation;
        }

        // The shared call fell back on another finding's offline text; this finding gets its own.
        var own = await offline.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);
        return own with { Source = ExplanationSource.OfflineFallback, Model = null };
    }

    public string KeyOf(Finding finding) => string.Join('\n', ExplanationCacheKey.Of(finding), model, ExplanationPrompt.PromptVersion, flavor);

    private async Task<Explanation> ComputeAsync(string key, Finding finding)
    {
        Explanation result;
        try
        {
            result = await inner.ExplainAsync(finding, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            Forget(key);
            throw;
        }

        if (result.Source != ExplanationSource.Model)
        {
            Forget(key);
        }

        return result;
    }

    private void Forget(string key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<Task<Explanation>>>(key, entry));
        }
    }
}

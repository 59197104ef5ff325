using System.Collections.Concurrent;
using SecHubBot.Core.Findings;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>
/// What this process wrote back lately, by finding. Security Hub applies BatchUpdateFindings
/// asynchronously ("can take several minutes"), so GetFindings may not show a thread we just opened;
/// a redelivered event reaching the same warm Lambda instance in that window must still see it.
/// Entries expire after <see cref="Lifetime"/>, when Security Hub is the truth again.
/// </summary>
internal sealed class RecentThreads(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Bound on memory: a warm instance sees at most a few thousand findings in 15 minutes.</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<FindingRef, (IReadOnlyDictionary<string, string> Fields, DateTimeOffset At)> _entries = new();

    public void Remember(Finding finding, IReadOnlyDictionary<string, string> fields)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[finding.Ref] = (fields, time.GetUtcNow());
    }

    /// <summary>The finding with our recently written fields laid over Security Hub's copy of them.</summary>
    public Finding Overlay(Finding finding)
    {
        if (!_entries.TryGetValue(finding.Ref, out var entry))
        {
            return finding;
        }

        if (time.GetUtcNow() - entry.At > Lifetime)
        {
            _entries.TryRemove(finding.Ref, out _);
            return finding;
        }

        var merged = new Dictionary<string, string>(finding.UserDefinedFields, StringComparer.Ordinal);
        foreach (var (key, value) in entry.Fields)
        {
            merged[key] = value;
        }

        return finding with { UserDefinedFields = merged };
    }
}

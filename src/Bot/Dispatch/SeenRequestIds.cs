using System.Collections.Concurrent;

namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// Remembers recent request keys (envelope ids, event ids) so a request is handled once (<see cref="DuplicateRequestFilter"/>):
/// Socket Mode may deliver one envelope on two connections, and Slack retries an event it thinks
/// timed out (retry_attempt / X-Slack-Retry-Num &gt; 0) while the first delivery is still being handled.
/// Slack's last retry comes about 5 minutes after the first, so keys live a little longer than that.
/// </summary>
public sealed class SeenRequestIds
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private long _nextSweep;

    public SeenRequestIds(TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        _lifetime = lifetime ?? TimeSpan.FromMinutes(10);
        _time = time ?? TimeProvider.System;
    }

    public int Count => _seen.Count;

    /// <summary>True the first time a key is offered (handle it); false for a duplicate (drop it).</summary>
    public bool TryMarkNew(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        SweepIfDue(now);
        while (true)
        {
            if (_seen.TryGetValue(key, out var seenAt))
            {
                if (now - seenAt <= _lifetime)
                {
                    return false;
                }

                // Seen so long ago that Slack cannot be retrying it any more: a new request.
                if (_seen.TryUpdate(key, now, seenAt))
                {
                    return true;
                }
            }
            else if (_seen.TryAdd(key, now))
            {
                return true;
            }
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, (now + _lifetime).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, seenAt) in _seen)
        {
            if (now - seenAt > _lifetime)
            {
                _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, seenAt));
            }
        }
    }
}

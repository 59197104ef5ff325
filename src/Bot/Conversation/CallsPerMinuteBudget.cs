namespace SecHubBot.Bot.Conversation;

/// <summary>
/// A sliding one-minute window of optional Slack calls shared by every answer in the workspace: Slack's
/// tiers count "per API method per workspace per app", so the calls that can wait (interim edits,
/// appends) are taken only while the window has room; the final call of an answer never asks.
/// </summary>
public abstract class CallsPerMinuteBudget(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _taken = new();
    private readonly Lock _gate = new();

    /// <summary>How many calls the window allows.</summary>
    protected abstract int PerMinute { get; }

    /// <summary>True (and counted) when one more call fits this minute.</summary>
    public bool TryTake()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_taken.Count > 0 && now - _taken.Peek() >= Window)
            {
                _taken.Dequeue();
            }

            if (_taken.Count >= PerMinute)
            {
                return false;
            }

            _taken.Enqueue(now);
            return true;
        }
    }
}

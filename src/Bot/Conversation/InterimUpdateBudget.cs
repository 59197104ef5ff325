using Microsoft.Extensions.Options;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// chat.update is Tier 3: about 50 calls a minute for the whole workspace, shared by every answer being
/// streamed and by the alert updates after Resolve/Suppress. Interim "still typing" updates are the
/// optional ones, so all answers together take at most <see cref="BotOptions.MaxInterimUpdatesPerMinute"/>
/// a minute; final answers and alert updates are never held back by this budget.
/// </summary>
public sealed class InterimUpdateBudget(IOptions<BotOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _taken = new();
    private readonly Lock _gate = new();

    /// <summary>True (and counted) when one more interim update fits this minute.</summary>
    public bool TryTake()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_taken.Count > 0 && now - _taken.Peek() >= Window)
            {
                _taken.Dequeue();
            }

            if (_taken.Count >= options.Value.MaxInterimUpdatesPerMinute)
            {
                return false;
            }

            _taken.Enqueue(now);
            return true;
        }
    }
}

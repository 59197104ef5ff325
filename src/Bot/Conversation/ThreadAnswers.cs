using System.Collections.Concurrent;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// The answer under way per thread: a newer question in the same thread cancels the unfinished answer
/// to the older one, so people get an answer to what they asked last, not two racing answers.
/// </summary>
public sealed class ThreadAnswers
{
    private readonly ConcurrentDictionary<string, Slot> _current = new(StringComparer.Ordinal);

    /// <summary>Starts an answer for <paramref name="threadKey"/>, superseding any unfinished one there.</summary>
    public Slot Begin(string threadKey)
    {
        var slot = new Slot(this, threadKey);
        _current.AddOrUpdate(threadKey, slot, (_, previous) =>
        {
            previous.Supersede();
            return slot;
        });
        return slot;
    }

    public int Active => _current.Count;

    public sealed class Slot : IDisposable
    {
        private readonly ThreadAnswers _owner;
        private readonly string _key;
        private readonly CancellationTokenSource _superseded = new();

        internal Slot(ThreadAnswers owner, string key)
        {
            _owner = owner;
            _key = key;
        }

        public CancellationToken Superseded => _superseded.Token;

        public bool IsSuperseded => _superseded.IsCancellationRequested;

        internal void Supersede()
        {
            try
            {
                _superseded.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Finished in the meantime: nothing to cancel.
            }
        }

        public void Dispose()
        {
            _owner._current.TryRemove(new KeyValuePair<string, Slot>(_key, this));
            _superseded.Dispose();
        }
    }
}

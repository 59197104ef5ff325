namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// Exponential backoff with "equal jitter": half the step is fixed, half random, so many replicas
/// dropped together do not reconnect in lockstep, yet none retries immediately in a tight loop.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Delay(int failures)
    {
        if (initial <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var step = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures, 0, 20));
        var capped = Math.Min(step, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (_random.NextDouble() * capped / 2));
    }
}

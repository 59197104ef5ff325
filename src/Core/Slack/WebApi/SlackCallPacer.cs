using System.Collections.Concurrent;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// Shared (singleton) pacing state for every <see cref="SlackApiClient"/>:
/// chat.postMessage goes out one call at a time per channel, in call order, at most one per
/// <see cref="SlackOptions.PostMessageInterval"/> ("1 message per second to a specific channel");
/// and after a 429 every call to that method waits out Retry-After, because Slack's limits are
/// "per API method per workspace per app", not per request.
/// </summary>
/// <remarks>https://docs.slack.dev/apis/web-api/rate-limits</remarks>
public sealed class SlackCallPacer
{
    private readonly ConcurrentDictionary<string, ChannelLane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    public SlackCallPacer(TimeSpan postMessageInterval, TimeProvider? time = null)
    {
        _interval = postMessageInterval < TimeSpan.Zero ? TimeSpan.Zero : postMessageInterval;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Runs <paramref name="send"/> alone in the channel's lane, after the previous post plus the interval.
    /// The lane is held across retries, so a 429 on one message cannot let the next overtake it.
    /// SemaphoreSlim hands the lane to async waiters first-in first-out, which keeps call order.
    /// </summary>
    public async Task<T> InChannelOrderAsync<T>(string channel, Func<Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var lane = _lanes.GetOrAdd(channel, static _ => new ChannelLane());
        await lane.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = lane.NextAllowed - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await send().ConfigureAwait(false);
            }
            finally
            {
                lane.NextAllowed = _time.GetUtcNow() + _interval;
            }
        }
        finally
        {
            lane.Gate.Release();
        }
    }

    /// <summary>Waits while <paramref name="method"/> is inside a Retry-After window.</summary>
    public async Task WaitForMethodAsync(string method, CancellationToken cancellationToken)
    {
        while (_blockedUntil.TryGetValue(method, out var until))
        {
            var wait = until - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a 429: no call to <paramref name="method"/> before now + <paramref name="retryAfter"/>.</summary>
    public void BlockMethod(string method, TimeSpan retryAfter)
    {
        var until = _time.GetUtcNow() + retryAfter;
        _blockedUntil.AddOrUpdate(method, until, (_, existing) => existing > until ? existing : until);
    }

    private sealed class ChannelLane
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset NextAllowed { get; set; } = DateTimeOffset.MinValue;
    }
}

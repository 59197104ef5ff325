using System.Text.Json;

namespace SecHubBot.Bot.Transport.Http;

/// <summary>
/// What one verified HTTP POST from Slack turned into: either a url_verification challenge to echo,
/// or a <see cref="SlackRequest"/> for the dispatcher plus the ack the endpoint must answer with.
/// </summary>
public sealed class SlackHttpRequest
{
    private readonly TaskCompletionSource<JsonElement?>? _ack;

    private SlackHttpRequest(string? challenge, SlackRequest? request, TaskCompletionSource<JsonElement?>? ack)
    {
        Challenge = challenge;
        Request = request;
        _ack = ack;
    }

    /// <summary>Set for url_verification: answer 200 text/plain with exactly this.</summary>
    public string? Challenge { get; }

    /// <summary>Set for events, interactions and slash commands.</summary>
    public SlackRequest? Request { get; }

    /// <summary>
    /// Completes when the handler acks, with the payload for the HTTP response body (null: an
    /// empty 200). The endpoint awaits this, not the handler, so it answers within 3 s while the
    /// handler carries on.
    /// </summary>
    public Task<JsonElement?> Acknowledged => _ack?.Task ?? Task.FromResult<JsonElement?>(null);

    /// <summary>
    /// For the endpoint: waits until the handler acks, finishes (or throws) without acking, or
    /// <paramref name="deadline"/> passes (keep it under Slack's 3 s), and returns what to answer:
    /// the ack payload, or null for an empty 200. After this returns the request counts as acked,
    /// so a late handler ack is logged as a bug instead of being lost silently.
    /// </summary>
    public async Task<JsonElement?> WaitForAckAsync(Task handling, TimeSpan deadline, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handling);
        if (Request is null)
        {
            return null;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(deadline, time ?? TimeProvider.System, stop.Token);
        await Task.WhenAny(Acknowledged, handling, timer).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        if (Request.TryClaimAck())
        {
            await Request.SendClaimedAckAsync(null, CancellationToken.None).ConfigureAwait(false);
        }

        return await Acknowledged.ConfigureAwait(false);
    }

    internal static SlackHttpRequest ForChallenge(string challenge) => new(challenge, null, null);

    internal static SlackHttpRequest ForRequest(Func<Func<JsonElement?, CancellationToken, Task>, SlackRequest> create)
    {
        var ack = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = create((payload, _) =>
        {
            ack.TrySetResult(payload);
            return Task.CompletedTask;
        });
        return new SlackHttpRequest(null, request, ack);
    }
}

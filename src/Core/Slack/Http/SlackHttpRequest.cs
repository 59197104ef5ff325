using System.Text.Json;
using SecHubBot.Core.Slack.Requests;

namespace SecHubBot.Core.Slack.Http;

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

using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>The two Slack calls the pipeline makes. <c>--post</c> and the Lambda use Slack; the CLI preview records.</summary>
internal interface ISlackPoster
{
    /// <summary>chat.postMessage; returns the message's ts.</summary>
    Task<string> PostAsync(SlackMessage message, CancellationToken cancellationToken);

    /// <summary>chat.update of <see cref="SlackMessage.Ts"/>.</summary>
    Task UpdateAsync(SlackMessage message, CancellationToken cancellationToken);
}

/// <summary>Posts through <see cref="SlackApiClient"/> (paced per channel, 429 retried there).</summary>
internal sealed class SlackApiPoster(SlackApiClient client) : ISlackPoster
{
    public async Task<string> PostAsync(SlackMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PostMessageAsync(message, cancellationToken).ConfigureAwait(false);
        return result.Ts;
    }

    public Task UpdateAsync(SlackMessage message, CancellationToken cancellationToken) => client.UpdateMessageAsync(message, cancellationToken);
}

/// <summary>
/// Records the calls instead of making them (CLI <c>--json</c> and preview). Each top-level message gets a
/// synthetic, ts-shaped placeholder ("0000000001.000100", ...) so replies show which parent they belong to.
/// </summary>
internal sealed class RecordingSlackPoster : ISlackPoster
{
    private readonly List<SlackCall> _calls = [];
    private int _parents;
    private int _replies;

    public IReadOnlyList<SlackCall> Calls => _calls;

    public static string PlaceholderTs(int index) => $"{index:D10}.000100";

    public Task<string> PostAsync(SlackMessage message, CancellationToken cancellationToken)
    {
        _calls.Add(new SlackCall("chat.postMessage", message));
        var ts = message.ThreadTs is null ? PlaceholderTs(++_parents) : $"{++_replies:D10}.000200";
        return Task.FromResult(ts);
    }

    public Task UpdateAsync(SlackMessage message, CancellationToken cancellationToken)
    {
        _calls.Add(new SlackCall("chat.update", message));
        return Task.CompletedTask;
    }
}

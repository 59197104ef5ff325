using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// One answer being written into a thread: a placeholder posted at once, then the text streamed into
/// it with chat.update no more often than <see cref="BotOptions.AnswerUpdateInterval"/> and at most
/// <see cref="BotOptions.MaxInterimUpdates"/> times (chat.update is Tier 3, shared by every thread),
/// all answers together within <see cref="InterimUpdateBudget"/>, then the final text, split over more messages when it does not fit one.
/// It is the fallback for <see cref="NativeAnswerStream"/> where Slack refuses the streaming methods.
/// </summary>
public sealed class AnswerStream : IAnswerWriter
{
    public const string PlaceholderText = ":hourglass_flowing_sand: _Looking into it…_";
    public const string AiFooterText = "_Written by AI from this finding and thread; check it before acting._";
    private const string TypingMark = " :writing_hand:";
    private const string AiFooter = "\n\n" + AiFooterText;

    private readonly SlackApiClient _slack;
    private readonly BotOptions _options;
    private readonly TimeProvider _time;
    private readonly InterimUpdateBudget _budget;
    private readonly string _channel;
    private readonly string _threadTs;
    private string? _placeholderTs;
    private long _lastUpdate;
    private int _interimUpdates;
    private string _lastShown = string.Empty;

    public AnswerStream(SlackApiClient slack, BotOptions options, TimeProvider time, InterimUpdateBudget budget, string channel, string threadTs)
    {
        _slack = slack;
        _options = options;
        _time = time;
        _budget = budget;
        _channel = channel;
        _threadTs = threadTs;
    }

    public string? PlaceholderTs => _placeholderTs;

    public int InterimUpdates => _interimUpdates;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var posted = await _slack.PostMessageAsync(Reply(PlaceholderText), cancellationToken).ConfigureAwait(false);
        _placeholderTs = posted.Ts;
        _lastUpdate = _time.GetTimestamp();
    }

    /// <summary>Shows the text so far, if the pacing allows an update now; the text is the model's Markdown.</summary>
    public async Task ProgressAsync(string markdownSoFar, CancellationToken cancellationToken)
    {
        if (_placeholderTs is null || _interimUpdates >= _options.MaxInterimUpdates
            || _time.GetElapsedTime(_lastUpdate) < _options.AnswerUpdateInterval)
        {
            return;
        }

        var chunks = AnswerSplitter.Split(MarkdownToMrkdwn.Convert(markdownSoFar));
        if (chunks.Count == 0)
        {
            return;
        }

        var shown = chunks[0] + (chunks.Count > 1 ? "\n…" : string.Empty) + TypingMark;
        if (shown == _lastShown || !_budget.TryTake())
        {
            return;
        }

        _lastUpdate = _time.GetTimestamp();
        _interimUpdates++;
        _lastShown = shown;
        await UpdateAsync(shown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the whole answer: the first part into the placeholder, the rest as further replies. The last
    /// part carries <paramref name="trailer"/> (feedback buttons, suggestions) below its text, so there it is
    /// laid out as section blocks (3,000 characters each) with the blocks after them.
    /// </summary>
    public async Task CompleteAsync(string markdown, IReadOnlyList<Block> trailer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trailer);
        var converted = MarkdownToMrkdwn.Convert(markdown);
        if (converted.Length == 0)
        {
            converted = EmptyAnswerText;
        }

        var chunks = AnswerSplitter.Split(converted + AiFooter);
        for (var i = 0; i < chunks.Count; i++)
        {
            var blocks = i == chunks.Count - 1 && trailer.Count > 0 ? WithTrailer(chunks[i], trailer) : null;
            if (i == 0)
            {
                await UpdateAsync(chunks[i], cancellationToken, blocks).ConfigureAwait(false);
            }
            else
            {
                await _slack.PostMessageAsync(Reply(chunks[i]) with { Blocks = blocks }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What an empty model answer shows instead.</summary>
    public const string EmptyAnswerText = "_The model returned an empty answer. Try rephrasing the question._";

    private static IReadOnlyList<Block> WithTrailer(string mrkdwn, IReadOnlyList<Block> trailer) =>
        [.. AnswerSplitter.Split(mrkdwn, BlockKitLimits.SectionText).Select(part => new SectionBlock { Text = new MrkdwnText(part) }), .. trailer];

    /// <summary>Replaces the placeholder with a short notice (failure, superseded); never leaves it hanging.</summary>
    public Task FailAsync(string mrkdwn, CancellationToken cancellationToken) => UpdateAsync(mrkdwn, cancellationToken);

    private async Task UpdateAsync(string mrkdwn, CancellationToken cancellationToken, IReadOnlyList<Block>? blocks = null)
    {
        if (_placeholderTs is null)
        {
            await _slack.PostMessageAsync(Reply(mrkdwn) with { Blocks = blocks }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _slack.UpdateMessageAsync(
            new SlackMessage { Channel = _channel, Ts = _placeholderTs, Text = Mrkdwn.Truncate(mrkdwn, AnswerSplitter.DefaultMaxLength + 100), Blocks = blocks },
            cancellationToken).ConfigureAwait(false);
    }

    private SlackMessage Reply(string mrkdwn) => new() { Channel = _channel, ThreadTs = _threadTs, Text = mrkdwn };
}

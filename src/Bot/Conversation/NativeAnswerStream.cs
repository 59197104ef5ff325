using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// One answer written with Slack's streaming methods (chat.startStream / appendStream / stopStream), in
/// the model's Markdown, which Slack renders natively after <see cref="SlackMarkdown"/> has neutralised
/// mentions and links.
/// <list type="bullet">
/// <item>Only complete Markdown blocks are sent (<see cref="SlackMarkdown.CompleteLength"/>): appended text
/// cannot be taken back, so a code fence or a link goes out whole, never half-written.</item>
/// <item>Appends are coalesced: at most one per <see cref="MinAppendInterval"/> per answer, and all answers
/// together within <see cref="StreamAppendBudget"/> (Tier 4); the rest waits in the buffer and goes with
/// the stop (Tier 2, once per message).</item>
/// <item>A message holds at most <see cref="MessageBudget"/> characters (markdown_text's 12,000, less room for
/// the footer); a longer answer continues in a further streamed message, split at block boundaries.</item>
/// <item>Slack refusing chat.startStream (remembered per workspace or channel in <see cref="SlackFeatureRefusals"/>)
/// or a stream that stops taking text (expired server-side) hands the rest of the answer, from the last
/// text Slack accepted, to the chat.update <see cref="AnswerStream"/>: nothing is lost. A stream the
/// reader stopped (stopped_by_user) stays stopped.</item>
/// </list>
/// </summary>
public sealed partial class NativeAnswerStream : IAnswerWriter
{
    public const string StreamingFeature = "streaming";

    /// <summary>Appends to one message no closer than this; Tier 4 is per workspace, so many answers share it.</summary>
    public static readonly TimeSpan MinAppendInterval = TimeSpan.FromSeconds(1);

    /// <summary>Characters of one streamed message; markdown_text allows 12,000 per call and a message ends with the footer.</summary>
    public const int MessageBudget = StreamLimits.MarkdownText - 500;

    private const string Footer = "\n\n" + AnswerStream.AiFooterText;

    private static readonly HashSet<string> StreamGoneErrors = new(StringComparer.Ordinal)
    {
        "message_not_in_streaming_state", "message_not_found", "message_not_owned_by_app", "streaming_state_conflict",
    };

    private readonly SlackApiClient _slack;
    private readonly StreamAppendBudget _budget;
    private readonly SlackFeatureRefusals _refusals;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<AnswerStream> _fallbackFactory;
    private readonly StreamTarget _target;
    private readonly Queue<Piece> _queue = new();
    private int _sourceQueued;
    private int _sourceAccepted;
    private string? _streamTs;
    private int _messageLength;
    private long _lastCall;
    private AnswerStream? _fallback;
    private int _fallbackFrom;
    private bool _stoppedByReader;

    public NativeAnswerStream(
        SlackApiClient slack, StreamAppendBudget budget, SlackFeatureRefusals refusals, TimeProvider time, ILogger logger, StreamTarget target, Func<AnswerStream> fallbackFactory)
    {
        _slack = slack;
        _budget = budget;
        _refusals = refusals;
        _time = time;
        _logger = logger;
        _target = target;
        _fallbackFactory = fallbackFactory;
    }

    /// <summary>Streaming calls made (start, append, stop).</summary>
    public int StreamCalls { get; private set; }

    /// <summary>True once the answer went over to the chat.update fallback.</summary>
    public bool FellBack => _fallback is not null;

    public async Task ProgressAsync(string markdownSoFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markdownSoFar);
        if (_fallback is not null)
        {
            await _fallback.ProgressAsync(markdownSoFar[Math.Min(_fallbackFrom, markdownSoFar.Length)..], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_stoppedByReader)
        {
            return;
        }

        Queue(markdownSoFar, SlackMarkdown.CompleteLength(markdownSoFar));
        if (_queue.Count == 0)
        {
            return;
        }

        // The first text opens the stream at once (it replaces the status line); later text waits its turn.
        if (_streamTs is not null && (_time.GetElapsedTime(_lastCall) < MinAppendInterval || !_budget.TryTake()))
        {
            return;
        }

        await SendQueuedAsync(markdownSoFar, final: false, [], cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(string markdown, IReadOnlyList<Block> trailer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(trailer);
        if (_stoppedByReader)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(markdown))
        {
            markdown = AnswerStream.EmptyAnswerText;
        }

        if (_fallback is not null)
        {
            await _fallback.CompleteAsync(markdown[Math.Min(_fallbackFrom, markdown.Length)..], trailer, cancellationToken).ConfigureAwait(false);
            return;
        }

        Queue(markdown, markdown.Length);
        await SendQueuedAsync(markdown, final: true, trailer, cancellationToken).ConfigureAwait(false);
    }

    public async Task FailAsync(string mrkdwn, CancellationToken cancellationToken)
    {
        if (_fallback is not null)
        {
            await _fallback.FailAsync(mrkdwn, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_streamTs is { } ts)
        {
            try
            {
                await StopAsync(ts, "\n\n" + mrkdwn, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SlackApiException ex)
            {
                LogStreamGone(_logger, _target.Channel, ex.Error);
            }
        }

        await _slack.PostMessageAsync(new SlackMessage { Channel = _target.Channel, ThreadTs = _target.ThreadTs, Text = mrkdwn }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Neutralises the complete blocks not queued yet (up to <paramref name="complete"/>) and queues them in message-sized pieces.</summary>
    private void Queue(string source, int complete)
    {
        if (complete <= _sourceQueued)
        {
            return;
        }

        var segmentStart = _sourceQueued;
        var text = SlackMarkdown.Neutralise(source[segmentStart..complete]);
        var pieces = text.Length <= MessageBudget ? [text] : AnswerSplitter.Split(text, MessageBudget);
        for (var i = 0; i < pieces.Count; i++)
        {
            // Only the last piece completes the segment: a fallback resumes a half-sent segment from its start.
            var separator = i < pieces.Count - 1 ? "\n" : string.Empty;
            _queue.Enqueue(new Piece(pieces[i] + separator, i == pieces.Count - 1 ? complete : segmentStart));
        }

        _sourceQueued = complete;
    }

    private async Task SendQueuedAsync(string source, bool final, IReadOnlyList<Block> trailer, CancellationToken cancellationToken)
    {
        try
        {
            while (_queue.Count > 0 || final)
            {
                var (text, sourceEnd) = TakeFitting(_streamTs is null ? MessageBudget : MessageBudget - _messageLength);
                var rest = _queue.Count > 0;
                if (_streamTs is null)
                {
                    if (text.Length == 0 && !final)
                    {
                        return;
                    }

                    if (!await TryStartAsync(text.Length > 0 ? text : AnswerStream.EmptyAnswerText, cancellationToken).ConfigureAwait(false))
                    {
                        await FallBackAsync(source, final, trailer, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    Accepted(text.Length, sourceEnd);
                    continue;
                }

                if (final && !rest)
                {
                    await StopAsync(_streamTs, text + Footer, trailer, cancellationToken).ConfigureAwait(false);
                    Accepted(text.Length, sourceEnd);
                    return;
                }

                if (text.Length > 0)
                {
                    await AppendAsync(_streamTs, text, cancellationToken).ConfigureAwait(false);
                    Accepted(text.Length, sourceEnd);
                }

                if (!rest)
                {
                    return;
                }

                // The next piece does not fit this message: finish it and continue in a new one.
                await StopAsync(_streamTs, null, null, cancellationToken).ConfigureAwait(false);
                _streamTs = null;
                _messageLength = 0;
            }
        }
        catch (SlackApiException ex) when (ex.Error == "stopped_by_user")
        {
            _stoppedByReader = true;
            LogStoppedByReader(_logger, _target.Channel, _target.ThreadTs);
        }
        catch (SlackApiException ex) when (StreamGoneErrors.Contains(ex.Error))
        {
            LogStreamGone(_logger, _target.Channel, ex.Error);
            _queue.Clear();
            await FallBackAsync(source, final, trailer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes queued pieces while they fit in <paramref name="room"/> characters.</summary>
    private (string Text, int SourceEnd) TakeFitting(int room)
    {
        var text = new System.Text.StringBuilder();
        var sourceEnd = _sourceAccepted;
        while (_queue.TryPeek(out var next) && text.Length + next.Text.Length <= room)
        {
            _queue.Dequeue();
            text.Append(next.Text);
            sourceEnd = Math.Max(sourceEnd, next.SourceEnd);
        }

        return (text.ToString(), sourceEnd);
    }

    private void Accepted(int length, int sourceEnd)
    {
        _messageLength += length;
        _sourceAccepted = Math.Max(_sourceAccepted, sourceEnd);
    }

    private async Task<bool> TryStartAsync(string markdown, CancellationToken cancellationToken)
    {
        try
        {
            var started = await _slack.StartStreamAsync(
                new StartStreamRequest
                {
                    Channel = _target.Channel,
                    ThreadTs = _target.ThreadTs,
                    MarkdownText = markdown,
                    RecipientUserId = _target.RecipientUserId,
                    RecipientTeamId = _target.RecipientTeamId,
                },
                cancellationToken).ConfigureAwait(false);
            StreamCalls++;
            _lastCall = _time.GetTimestamp();
            _streamTs = started.Ts;
            return true;
        }
        catch (SlackApiException ex)
        {
            StreamCalls++;
            var remembered = _refusals.Remember(StreamingFeature, _target.Workspace, _target.Channel, ex.Error);
            LogStartRefused(_logger, _target.Channel, ex.Error, remembered);
            return false;
        }
    }

    private async Task AppendAsync(string ts, string markdown, CancellationToken cancellationToken)
    {
        StreamCalls++;
        await _slack.AppendStreamAsync(new AppendStreamRequest(_target.Channel, ts, markdown), cancellationToken).ConfigureAwait(false);
        _lastCall = _time.GetTimestamp();
    }

    private async Task StopAsync(string ts, string? markdown, IReadOnlyList<Block>? blocks, CancellationToken cancellationToken)
    {
        StreamCalls++;
        await _slack.StopStreamAsync(
            new StopStreamRequest { Channel = _target.Channel, Ts = ts, MarkdownText = markdown, Blocks = blocks is { Count: > 0 } ? blocks : null },
            cancellationToken).ConfigureAwait(false);
        _streamTs = null;
    }

    /// <summary>The rest of the answer, from the last text Slack accepted, goes to the chat.update writer.</summary>
    private async Task FallBackAsync(string source, bool final, IReadOnlyList<Block> trailer, CancellationToken cancellationToken)
    {
        _streamTs = null;
        _fallbackFrom = _sourceAccepted;
        _fallback = _fallbackFactory();
        await _fallback.StartAsync(cancellationToken).ConfigureAwait(false);
        if (final)
        {
            await _fallback.CompleteAsync(source[Math.Min(_fallbackFrom, source.Length)..], trailer, cancellationToken).ConfigureAwait(false);
        }
    }

    private readonly record struct Piece(string Text, int SourceEnd);

    [LoggerMessage(Level = LogLevel.Information, Message = "chat.startStream in {Channel} refused ({Error}); remembered: {Remembered}. Answering with chat.update")]
    private static partial void LogStartRefused(ILogger logger, string channel, string error, bool remembered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream in {Channel} stopped taking text ({Error}); the rest of the answer goes by chat.update")]
    private static partial void LogStreamGone(ILogger logger, string channel, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The reader stopped the stream in {Channel}/{ThreadTs}")]
    private static partial void LogStoppedByReader(ILogger logger, string channel, string threadTs);
}

/// <summary>
/// Where a streamed answer goes and for whom: Slack requires the recipient user and team when
/// streaming outside a DM. <see cref="Workspace"/> is the team id refusals are remembered under.
/// </summary>
public sealed record StreamTarget(string Channel, string ThreadTs, string RecipientUserId, string? RecipientTeamId, string? Workspace);

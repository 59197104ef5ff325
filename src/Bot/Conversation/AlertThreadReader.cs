using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Reads an alert thread (conversations.replies) and decides whether its parent is one of our alerts. The
/// <c>sechub_finding</c> metadata alone proves nothing: any app, workflow or user token can post it naming any
/// finding. A parent is ours only when this app's bot (auth.test's bot_id) posted it; until auth.test has
/// answered with a bot id nothing is ours. Every path that acts on an alert thread reads it through here.
/// </summary>
public sealed partial class AlertThreadReader(SlackApiClient slack, BotIdentity identity, ILogger<AlertThreadReader> logger)
{
    /// <summary>Messages per conversations.replies page (Slack's documented maximum is 1000; 200 is its advice).</summary>
    public const int PageSize = 200;

    /// <summary>
    /// Pages read at most: 1000 messages is more context than any prompt keeps, and a thread that never ends
    /// (or a cursor that repeats) must not hold a follow-up, and Slack's Tier 3 budget, forever.
    /// </summary>
    public const int MaxPages = 5;

    /// <summary>The thread, parent first, with the parent's alert metadata; null when the parent is not our alert.</summary>
    public async Task<AlertThread?> ReadAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        var messages = new List<ConversationMessage>();
        var seenMessages = new HashSet<string>(StringComparer.Ordinal);
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var replies = await slack.GetRepliesPageAsync(channel, threadTs, cursor, PageSize, cancellationToken).ConfigureAwait(false);

            // Every page repeats the parent first; keep each message once.
            messages.AddRange(replies.Messages.Where(m => seenMessages.Add(m.Ts)));
            cursor = replies.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }

            if (!seenCursors.Add(cursor))
            {
                LogCursorRepeated(logger, channel, threadTs);
                break;
            }

            if (page == MaxPages - 1)
            {
                LogPagesCapped(logger, channel, threadTs, MaxPages);
            }
        }

        var parent = messages.FirstOrDefault(m => m.Ts == threadTs);
        var metadata = await OurAlertAsync(parent, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : new AlertThread(parent!, metadata, messages);
    }

    /// <summary>
    /// The alert metadata of <paramref name="message"/> when this app posted it; null for anyone else's message
    /// (however convincing its metadata) or a message without ours. For callers that read a parent themselves.
    /// </summary>
    public async Task<FindingAlertMetadata?> OurAlertAsync(ConversationMessage? message, CancellationToken cancellationToken)
    {
        if (message?.Metadata?.AsFindingAlert() is not { } metadata)
        {
            return null;
        }

        var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
        if (me.BotId is null || message.BotId != me.BotId)
        {
            LogForeignAlert(logger, message.Ts, message.BotId ?? message.User ?? "unknown");
            return null;
        }

        return metadata;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Ts} carries alert metadata but was posted by {Author}, not this app; ignored")]
    private static partial void LogForeignAlert(ILogger logger, string ts, string author);

    [LoggerMessage(Level = LogLevel.Warning, Message = "conversations.replies for {Channel}/{ThreadTs} repeated a cursor; reading stopped there")]
    private static partial void LogCursorRepeated(ILogger logger, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread {Channel}/{ThreadTs} is longer than {Pages} pages; the newest messages beyond them are not read")]
    private static partial void LogPagesCapped(ILogger logger, string channel, string threadTs, int pages);
}

using Microsoft.Extensions.Options;
using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// <c>message</c> events: a person's reply in a thread becomes a follow-up question. Ignored: top-level
/// messages, edits and deletions and other subtypes, anything from a bot (our own messages above all: no
/// loops), and, in <see cref="ReplyMode.Mentions"/>, replies that do not mention the bot.
/// Whether the thread is an alert thread is decided by <see cref="FollowUpResponder"/> from the parent's metadata.
/// </summary>
public sealed partial class ThreadReplyHandler(
    FollowUpResponder responder, BotIdentity identity, IOptions<BotOptions> options, ILogger<ThreadReplyHandler> logger) : IEventHandler
{
    public string EventType => "message";

    public async Task HandleAsync(SlackRequest request, SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(slackEvent);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (slackEvent is not { Subtype: null or "thread_broadcast" or "file_share", BotId: null, Channel: { } channel, Ts: { } ts, User: { } user, ThreadTs: { } threadTs }
            || threadTs == ts)
        {
            return;
        }

        var text = slackEvent.Text ?? string.Empty;

        var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
        if (user == me.UserId)
        {
            return;
        }

        if (options.Value.ReplyMode == ReplyMode.Mentions && (me.UserId is null || !text.Contains($"<@{me.UserId}>", StringComparison.Ordinal)))
        {
            LogNotMentioned(logger, channel, threadTs);
            return;
        }

        var team = (request.Payload as EventCallbackPayload)?.TeamId;
        var question = new FollowUpQuestion(channel, threadTs, ts, user, text) { Workspace = team, UserTeam = slackEvent.UserTeam ?? slackEvent.Team ?? team };
        await responder.AnswerAsync(question, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reply in {Channel}/{ThreadTs} does not mention the bot (Bot:ReplyMode=mentions); ignored")]
    private static partial void LogNotMentioned(ILogger logger, string channel, string threadTs);
}

using Microsoft.Extensions.Options;
using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Slack.Requests;

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

    public async Task HandleAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Json.Object(request.Body, "event") is not { } e)
        {
            return;
        }

        var subtype = Json.String(e, "subtype");
        var channel = Json.String(e, "channel");
        var ts = Json.String(e, "ts");
        var threadTs = Json.String(e, "thread_ts");
        var user = Json.String(e, "user");
        var text = Json.String(e, "text") ?? string.Empty;
        if (subtype is not (null or "thread_broadcast" or "file_share") || Json.String(e, "bot_id") is not null
            || channel is null || ts is null || user is null || threadTs is null || threadTs == ts)
        {
            return;
        }

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

        var team = Json.String(request.Body, "team_id");
        var question = new FollowUpQuestion(channel, threadTs, ts, user, text) { Workspace = team, UserTeam = Json.String(e, "user_team") ?? Json.String(e, "team") ?? team };
        await responder.AnswerAsync(question, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reply in {Channel}/{ThreadTs} does not mention the bot (Bot:ReplyMode=mentions); ignored")]
    private static partial void LogNotMentioned(ILogger logger, string channel, string threadTs);
}

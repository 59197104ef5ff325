using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// A suggested follow-up question clicked (one handler per button slot, since action_ids are unique per
/// block). The click is answered in the thread as if the clicker had asked it, naming them. The question is
/// looked up by id in <see cref="SuggestedQuestions"/>, never taken from the payload, and the thread is
/// checked like any question's (its parent must be one of our alerts) before anything is posted.
/// </summary>
public sealed partial class SuggestedQuestionHandler(FollowUpResponder responder, ILogger<SuggestedQuestionHandler> logger) : IBlockActionHandler
{
    public IReadOnlyCollection<string> ActionIds => AnswerActions.SuggestActionIds;

    public async Task HandleAsync(SlackRequest request, BlockAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!SuggestionValue.TryParse(action.Value, out var question, out var threadTs) || action.Channel is not { } channel)
        {
            LogInvalidValue(logger, action.UserId);
            return;
        }

        await responder.AnswerAsync(
            new FollowUpQuestion(channel, threadTs, threadTs, action.UserId, question.Text) { Suggested = true, Workspace = action.Workspace, UserTeam = action.UserTeam },
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a suggested-question click from {UserId} whose value is not one we wrote")]
    private static partial void LogInvalidValue(ILogger logger, string userId);
}

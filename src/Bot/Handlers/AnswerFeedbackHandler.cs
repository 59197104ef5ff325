using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// The 👍 / 👎 feedback buttons under an answer or an alert's explanation. A click is acknowledged and
/// recorded (<see cref="AnswerFeedbackTelemetry"/>); it changes no finding. A 👎 offers, to the clicker
/// only, to answer again in more detail. The button's value is untrusted: anything but the exact shape we
/// write (<see cref="FeedbackValue.TryParse"/>) is logged and ignored.
/// </summary>
public sealed partial class AnswerFeedbackHandler(SlackApiClient slack, AnswerFeedbackTelemetry telemetry, ILogger<AnswerFeedbackHandler> logger) : IBlockActionHandler
{
    public const string ThanksText = "Thanks for the feedback.";
    public const string MoreDetailOfferText = "Sorry that did not help. Want me to answer again in more detail?";

    public IReadOnlyCollection<string> ActionIds { get; } = [AnswerActions.FeedbackActionId];

    public async Task HandleAsync(SlackRequest request, BlockAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!FeedbackValue.TryParse(action.Value, out var feedback))
        {
            LogInvalidValue(logger, action.UserId);
            return;
        }

        telemetry.Record(feedback, action.UserId);
        if (action.Channel is not { } channel)
        {
            return;
        }

        var threadTs = action.ThreadTs ?? action.MessageTs;
        var offer = !feedback.Positive && threadTs is not null;
        var message = new EphemeralMessage
        {
            Channel = channel,
            User = action.UserId,
            ThreadTs = threadTs,
            Text = offer ? MoreDetailOfferText : ThanksText,
            Blocks = offer
                ? [new SectionBlock { Text = new MrkdwnText(MoreDetailOfferText) }, AnswerActions.SuggestionButtons([SuggestedQuestions.MoreDetail], threadTs!)]
                : null,
        };
        try
        {
            await slack.PostEphemeralAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            // The click is recorded either way; the thank-you is a courtesy.
            LogAcknowledgeFailed(logger, ex.Error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a feedback click from {UserId} whose value is not one we wrote")]
    private static partial void LogInvalidValue(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not thank for feedback: Slack {Error}")]
    private static partial void LogAcknowledgeFailed(ILogger logger, string error);
}

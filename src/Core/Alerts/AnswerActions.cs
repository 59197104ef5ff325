using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// The blocks under every AI-written text in an alert thread (the first reply's explanation and each
/// answer): feedback buttons in a context_actions block, and two or three suggested follow-up
/// questions for the finding's kind as buttons.
/// </summary>
public static class AnswerActions
{
    /// <summary>action_id of the feedback buttons.</summary>
    public const string FeedbackActionId = "sechub_answer_feedback";

    /// <summary>action_id prefix of the suggestion buttons; action_ids must be unique within a block, so each slot has its own.</summary>
    public const string SuggestActionIdPrefix = "sechub_suggest_";

    /// <summary>The action_ids of the suggestion slots, one handler each.</summary>
    public static IReadOnlyList<string> SuggestActionIds { get; } = [.. Enumerable.Range(1, 3).Select(i => SuggestActionIdPrefix + i)];

    public static IReadOnlyList<Block> Blocks(FeedbackValue feedback, IReadOnlyList<SuggestedQuestion> suggestions, string threadTs)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(suggestions);
        var blocks = new List<Block>
        {
            new ContextActionsBlock(
            [
                new FeedbackButtonsElement(
                    new FeedbackButton(new PlainText("👍"), (feedback with { Positive = true }).Format()) { AccessibilityLabel = "This answer helped" },
                    new FeedbackButton(new PlainText("👎"), (feedback with { Positive = false }).Format()) { AccessibilityLabel = "This answer did not help" })
                {
                    ActionId = FeedbackActionId,
                },
            ]),
        };
        if (suggestions.Count > 0)
        {
            blocks.Add(SuggestionButtons(suggestions, threadTs));
        }

        return blocks;
    }

    /// <summary>Buttons that ask the questions in <paramref name="suggestions"/> (at most three) in thread <paramref name="threadTs"/>.</summary>
    public static ActionsBlock SuggestionButtons(IReadOnlyList<SuggestedQuestion> suggestions, string threadTs)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return new ActionsBlock([.. suggestions.Take(SuggestActionIds.Count).Select((q, i) => new ButtonElement(new PlainText(Slack.Mrkdwn.PlainTruncate(q.Text, BlockKitLimits.ButtonText)))
        {
            ActionId = SuggestActionIds[i],
            Value = new SuggestionValue(q.Id, threadTs).Format(),
        })]);
    }

    /// <summary>
    /// The first reply with the feedback buttons and suggestions appended below its own blocks
    /// (<paramref name="firstReply"/> must already carry its thread_ts, which the suggestions name).
    /// </summary>
    public static SlackMessage WithAnswerActions(SlackMessage firstReply, Findings.Finding finding, string model, string promptVersion)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return WithAnswerActions(firstReply, SuggestedQuestions.KindOf(finding, finding.ControlId), model, promptVersion);
    }

    /// <summary>As <see cref="WithAnswerActions(SlackMessage, Findings.Finding, string, string)"/>, for a finding of <paramref name="kind"/>.</summary>
    public static SlackMessage WithAnswerActions(SlackMessage firstReply, FindingKind kind, string model, string promptVersion)
    {
        ArgumentNullException.ThrowIfNull(firstReply);
        if (firstReply.ThreadTs is not { } threadTs || firstReply.Blocks is not { } blocks)
        {
            return firstReply;
        }

        var extra = Blocks(new FeedbackValue(true, FeedbackValue.NewAnswerId(), model, promptVersion), SuggestedQuestions.For(kind), threadTs);
        return blocks.Count + extra.Count > BlockKitLimits.BlocksPerMessage ? firstReply : firstReply with { Blocks = [.. blocks, .. extra] };
    }
}

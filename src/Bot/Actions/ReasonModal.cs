using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Bot.Actions;

/// <summary>The modal that asks why (required) before a finding changes.</summary>
public static class ReasonModal
{
    public const string CallbackId = "sechub_reason";
    public const string ReasonBlockId = "reason";
    public const string ReasonActionId = "reason";

    /// <summary>Room left for the reason in Security Hub's 512-character Note once " — name via Slack" is added.</summary>
    public const int MaxReasonLength = 400;

    /// <param name="groupSize">For a group action, the alert's size when known (the button's value), for "Resolve 37 findings".</param>
    public static ModalView Build(FindingAction action, string privateMetadata, int? groupSize = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var state = action.Target.ToString().ToUpperInvariant();
        var n = groupSize is > 0 ? groupSize.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

        // Modal titles allow 24 characters: "Suppress 99999 findings" is 23.
        var title = !action.Group ? $"{action.Verb} finding" : n is not null && n.Length <= 5 ? $"{action.Verb} {n} findings" : $"{action.Verb} all findings";
        var text = !action.Group
            ? $"This sets the finding's workflow status to *{state}* in Security Hub and records your reason and name in its note."
            : action.Action == FindingAction.Reopen
                ? $"This sets the findings of this alert that it shows as resolved or suppressed back to *{state}* in Security Hub and records your reason and name in their notes."
                : $"This sets {(n is null ? "every finding" : $"all {n} findings")} of this alert to *{state}* in Security Hub (those already {state} are left as they are) and records your reason and name in their notes.";
        return new ModalView
        {
            Title = new PlainText(title),
            Submit = new PlainText(action.Verb),
            Close = new PlainText("Cancel"),
            CallbackId = CallbackId,
            PrivateMetadata = privateMetadata,
            Blocks =
            [
                new SectionBlock
                {
                    Text = new MrkdwnText(text),
                },
                new InputBlock(
                    new PlainText("Reason"),
                    new PlainTextInputElement
                    {
                        ActionId = ReasonActionId,
                        Multiline = true,
                        MinLength = 3,
                        MaxLength = MaxReasonLength,
                        Placeholder = new PlainText(action.Action == FindingAction.Suppress ? "e.g. Accepted risk: public by design (ticket SEC-123)" : "e.g. Fixed in PR #42; rule removed"),
                    })
                {
                    BlockId = ReasonBlockId,
                },
            ],
        };
    }
}

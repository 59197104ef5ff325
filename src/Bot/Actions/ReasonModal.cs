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

    public static ModalView Build(FindingAction action, string privateMetadata)
    {
        ArgumentNullException.ThrowIfNull(action);
        var state = action.Target.ToString().ToUpperInvariant();
        return new ModalView
        {
            Title = new PlainText($"{action.Verb} finding"),
            Submit = new PlainText(action.Verb),
            Close = new PlainText("Cancel"),
            CallbackId = CallbackId,
            PrivateMetadata = privateMetadata,
            Blocks =
            [
                new SectionBlock
                {
                    Text = new MrkdwnText($"This sets the finding's workflow status to *{state}* in Security Hub and records your reason and name in its note."),
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

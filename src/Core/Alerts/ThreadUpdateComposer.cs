using System.Globalization;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What an existing thread gets when its finding changes elsewhere (resolved or suppressed in the
/// console, the control passes, it fails again): a reply saying what changed, and for a single-finding
/// thread a chat.update of the parent that shows the new state.
/// </summary>
public sealed class ThreadUpdateComposer(AlertComposer composer)
{
    /// <summary>One reply for every finding of a thread that moved to <paramref name="to"/> in this batch.</summary>
    public static SlackMessage ComposeReply(IReadOnlyList<Finding> changed, FindingCondition to, string channel, string threadTs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentOutOfRangeException.ThrowIfZero(changed.Count);
        var what = changed.Count == 1 ? "This finding" : $"{changed.Count.ToString(CultureInfo.InvariantCulture)} findings of this alert";
        var headline = $"{Emoji(to)} {what} {Verb(to, changed.Count == 1)} in Security Hub.";
        var lines = changed.Take(GroupAlertComposer.ListedResources).Select(f => "• " + Mrkdwn.EscapeAndTruncate(Describe(f), 300) + " — " + StateText(f));
        var more = changed.Count > GroupAlertComposer.ListedResources ? $"\n…and {(changed.Count - GroupAlertComposer.ListedResources).ToString(CultureInfo.InvariantCulture)} more" : "";
        var blocks = new List<Block>
        {
            new SectionBlock { Text = new MrkdwnText(Mrkdwn.Truncate(headline + "\n" + string.Join('\n', lines) + more, BlockKitLimits.SectionText)) },
            new ContextBlock([new MrkdwnText($"Seen by SecHubBot {Date(now)}. {Hint(to)}")]),
        };
        return new SlackMessage
        {
            Channel = channel,
            ThreadTs = threadTs,
            Text = Mrkdwn.Truncate(headline, BlockKitLimits.FallbackText),
            Blocks = blocks,
        };
    }

    /// <summary>The parent re-rendered with the finding's current state in place of the buttons that no longer apply.</summary>
    public SlackMessage ComposeParentUpdate(Finding finding, Explanation explanation, string channel, string ts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var condition = FindingConditions.Of(finding);
        var parent = composer.ComposeParent(finding, explanation, channel);
        var state = new SectionBlock
        {
            Text = new MrkdwnText($"{Emoji(condition)} *{Title(condition)}* in Security Hub — {StateText(finding)}, seen {Date(now)}"),
        };
        var blocks = new List<Block>();
        foreach (var block in parent.Blocks ?? [])
        {
            if (block is ActionsBlock { BlockId: AlertActionIds.ActionsBlockId } actions)
            {
                blocks.Add(state);
                blocks.Add(condition.IsClosed() ? ReopenOnly(finding, actions) : actions);
            }
            else
            {
                blocks.Add(block);
            }
        }

        return parent with
        {
            Ts = ts,
            Blocks = blocks,
            UnfurlLinks = null,
            UnfurlMedia = null,
            Metadata = parent.Metadata is { } metadata
                ? metadata with { EventPayload = metadata.EventPayload with { Status = SecurityHubStatus(finding) } }
                : null,
        };
    }

    private static ActionsBlock ReopenOnly(Finding finding, ActionsBlock actions)
    {
        var value = FindingButtonValue.Encode(finding.Ref);
        var console = actions.Elements.Where(e => e.ActionId == AlertActionIds.OpenConsole);
        return actions with
        {
            Elements = [new ButtonElement(new PlainText("Reopen")) { ActionId = AlertActionIds.Reopen, Value = value }, .. console],
        };
    }

    private static string SecurityHubStatus(Finding finding) => finding.Workflow.ToString().ToUpperInvariant();

    private static string StateText(Finding finding)
    {
        var parts = new List<string> { "workflow " + SecurityHubStatus(finding) };
        if (finding.Compliance != ComplianceStatus.None)
        {
            parts.Add("compliance " + (finding.Compliance == ComplianceStatus.NotAvailable ? "NOT_AVAILABLE" : finding.Compliance.ToString().ToUpperInvariant()));
        }

        if (finding.RecordState == RecordState.Archived)
        {
            parts.Add("record ARCHIVED");
        }

        return string.Join(", ", parts);
    }

    private static string Describe(Finding finding) =>
        finding.Resources.Count > 0 ? ResourceNames.Describe(finding.Resources[0]) : finding.Title;

    private static string Date(DateTimeOffset at)
    {
        var epoch = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fallback = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"<!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>";
    }

    private static string Emoji(FindingCondition condition) => condition switch
    {
        FindingCondition.Open => ":rotating_light:",
        FindingCondition.Passed => ":white_check_mark:",
        FindingCondition.Resolved => ":heavy_check_mark:",
        FindingCondition.Suppressed => ":no_bell:",
        _ => ":file_cabinet:",
    };

    private static string Title(FindingCondition condition) => condition switch
    {
        FindingCondition.Open => "Open again",
        FindingCondition.Passed => "Passed",
        FindingCondition.Resolved => "Resolved",
        FindingCondition.Suppressed => "Suppressed",
        _ => "Archived",
    };

    private static string Verb(FindingCondition condition, bool single) => condition switch
    {
        FindingCondition.Open => single ? "failed again (or was reopened)" : "failed again (or were reopened)",
        FindingCondition.Passed => "now passes the control check",
        FindingCondition.Resolved => single ? "was resolved" : "were resolved",
        FindingCondition.Suppressed => single ? "was suppressed" : "were suppressed",
        _ => single ? "was archived by its product" : "were archived by their product",
    };

    private static string Hint(FindingCondition condition) => condition == FindingCondition.Open
        ? "The fix earlier in this thread still applies."
        : "No action needed unless this was unexpected.";
}

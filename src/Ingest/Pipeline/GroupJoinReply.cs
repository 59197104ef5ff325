using System.Globalization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>The one reply a batch posts when findings join an open storm's thread: who joined, and the group's size now.</summary>
internal static class GroupJoinReply
{
    public static SlackMessage Compose(IReadOnlyList<Finding> newcomers, int total, ThreadRef thread)
    {
        ArgumentNullException.ThrowIfNull(newcomers);
        ArgumentOutOfRangeException.ThrowIfZero(newcomers.Count);
        var first = newcomers[0];
        var n = newcomers.Count.ToString(CultureInfo.InvariantCulture);
        var headline = $":heavy_plus_sign: {n} more {(newcomers.Count == 1 ? "finding" : "findings")} of {Mrkdwn.Code(Mrkdwn.PlainTruncate(first.ControlId ?? first.ProblemKey, 100))} joined this alert (now {total.ToString(CultureInfo.InvariantCulture)}).";
        var lines = newcomers.Take(GroupAlertComposer.ListedResources)
            .Select(f => "• " + Mrkdwn.EscapeAndTruncate(f.Resources.Count > 0 ? ResourceNames.Describe(f.Resources[0]) : f.Title, 200));
        var more = newcomers.Count > GroupAlertComposer.ListedResources
            ? $"\n…and {(newcomers.Count - GroupAlertComposer.ListedResources).ToString(CultureInfo.InvariantCulture)} more"
            : "";
        return new SlackMessage
        {
            Channel = thread.Channel,
            ThreadTs = thread.Ts,
            Text = Mrkdwn.Truncate(headline, BlockKitLimits.FallbackText),
            Blocks = [new SectionBlock { Text = new MrkdwnText(Mrkdwn.Truncate(headline + "\n" + string.Join('\n', lines) + more, BlockKitLimits.SectionText)) }],
        };
    }
}

using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What an existing thread gets when its finding changes elsewhere, as <see cref="AlertComposer"/> draws it
/// (<see cref="AlertComposer.ComposeAudit"/>, <see cref="AlertComposer.ComposeUpdate"/>). Kept for the Ingest
/// pipeline until it calls <see cref="AlertComposer"/> directly.
/// </summary>
public sealed class ThreadUpdateComposer(AlertComposer composer)
{
    /// <summary>One reply for every finding of a thread that moved to <paramref name="to"/> in this batch.</summary>
    public static SlackMessage ComposeReply(IReadOnlyList<Finding> changed, FindingCondition to, string channel, string threadTs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentOutOfRangeException.ThrowIfZero(changed.Count);
        return new AlertComposer().ComposeAudit(AlertState.Reported((AlertStatus)to, now), new ThreadRef(channel, threadTs), changed);
    }

    /// <summary>The parent re-drawn with the finding's current state in place of the buttons that no longer apply.</summary>
    public SlackMessage ComposeParentUpdate(Finding finding, Explanation explanation, string channel, string ts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return composer.ComposeUpdate(AlertSubject.Single(finding), AlertState.Reported(AlertStatuses.Of(finding), now), explanation, new ThreadRef(channel, ts));
    }
}

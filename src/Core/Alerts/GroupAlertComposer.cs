using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// A storm's one alert, as <see cref="AlertComposer"/> draws it from <see cref="AlertSubject.Group"/>.
/// Kept for the Ingest pipeline until it calls <see cref="AlertComposer"/> directly.
/// </summary>
public sealed class GroupAlertComposer(AlertComposer single)
{
    /// <summary>How many resources the parent names before "and N more".</summary>
    public const int ListedResources = AlertSubject.ListedResources;

    public AlertMessages Compose(IReadOnlyList<Finding> members, Explanation explanation, string channel) =>
        single.Compose(AlertSubject.Group(members), explanation, channel);

    public static SlackMessage ComposeParent(IReadOnlyList<Finding> members, Explanation explanation, string channel) =>
        new AlertComposer().ComposeParent(AlertSubject.Group(members), explanation, channel);

    public static FindingAlertMetadata Metadata(IReadOnlyList<Finding> members) => AlertSubject.Group(members).Metadata;

    /// <summary>"EC2.18 failed on 37 EC2 security groups in 111122223333 / ap-northeast-1".</summary>
    public static string Headline(IReadOnlyList<Finding> members) => AlertSubject.GroupHeadline(members);
}

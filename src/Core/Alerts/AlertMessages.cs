using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// One finding's Slack thread: the compact parent alert and the first reply with the fix.
/// <see cref="FirstReply"/>'s thread_ts is filled in once the parent is posted.
/// </summary>
public sealed record AlertMessages(SlackMessage Parent, SlackMessage FirstReply)
{
    public AlertMessages InThread(string parentTs) => this with { FirstReply = FirstReply with { ThreadTs = parentTs } };
}

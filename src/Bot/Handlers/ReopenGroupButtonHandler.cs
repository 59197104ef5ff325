using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>A grouped alert's Reopen: applies to every member finding of the alert after the reason modal (see <see cref="GroupActionApplier"/>).</summary>
public sealed class ReopenGroupButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<ReopenGroupButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.ReopenGroup;

    protected override string Action => FindingAction.Reopen;

    protected override bool IsGroup => true;
}

using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>A grouped alert's Resolve: applies to every member finding of the alert after the reason modal (see <see cref="GroupActionApplier"/>).</summary>
public sealed class ResolveGroupButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<ResolveGroupButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.ResolveGroup;

    protected override string Action => FindingAction.Resolve;

    protected override bool IsGroup => true;
}

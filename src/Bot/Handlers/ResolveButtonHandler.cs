using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>Resolve: sets Workflow.Status RESOLVED after the reason modal (see <see cref="FindingButtonHandler"/>).</summary>
public sealed class ResolveButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<ResolveButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.Resolve;

    protected override string Action => FindingAction.Resolve;
}

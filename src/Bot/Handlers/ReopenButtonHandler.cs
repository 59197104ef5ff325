using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>Reopen: sets Workflow.Status back to NOTIFIED after the reason modal (see <see cref="FindingButtonHandler"/>).</summary>
public sealed class ReopenButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<ReopenButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.Reopen;

    protected override string Action => FindingAction.Reopen;
}

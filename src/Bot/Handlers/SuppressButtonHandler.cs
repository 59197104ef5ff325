using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>Suppress: sets Workflow.Status SUPPRESSED after the reason modal (see <see cref="FindingButtonHandler"/>).</summary>
public sealed class SuppressButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<SuppressButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.Suppress;

    protected override string Action => FindingAction.Suppress;
}

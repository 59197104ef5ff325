using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>A grouped alert's Suppress: applies to every member finding of the alert after the reason modal (see <see cref="GroupActionApplier"/>).</summary>
public sealed class SuppressGroupButtonHandler(ApproverPolicy policy, SlackApiClient slack, Health.BotMetrics metrics, ILogger<SuppressGroupButtonHandler> logger)
    : FindingButtonHandler(policy, slack, metrics, logger)
{
    public override string ActionId => AlertActionIds.SuppressGroup;

    protected override string Action => FindingAction.Suppress;

    protected override bool IsGroup => true;
}

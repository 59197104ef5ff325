using SecHubBot.Bot.Actions;
using SecHubBot.Core.Routing;
using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Bot.Authorization;

/// <summary>
/// Who may act on one alert: the approvers of its finding's route (the rule that sent it, else
/// <c>Authorization:Approvers</c>). The finding is routed as Security Hub has it now, so a team's approvers
/// guard that team's findings in a shared channel too. A grouped alert, or a finding Security Hub does not
/// return, falls back to the approvers of the rules posting to the alert's channel (<see cref="AlertRouter.ApproversIn"/>).
/// </summary>
public sealed partial class RouteApprovers(AlertRouter router, SecurityHubClient securityHub, ILogger<RouteApprovers> logger)
{
    /// <summary>How long the submission waits for the finding before the channel's approvers decide: Slack wants its answer within 3 s.</summary>
    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Whether the Bot acts on alerts in <paramref name="channel"/>: every channel the routing rules and <c>Slack:Channel</c>
    /// post to. A Bot configured with neither knows no channel and acts wherever its alerts are, as before routing.
    /// </summary>
    public bool ActsIn(string? channel) => router.Channels.Count == 0 || router.PostsTo(channel);

    /// <summary>
    /// Without reading Security Hub (a click, before the modal's 3 s run out): the approvers of the channel's rules. In a
    /// channel no rule posts to (a thread /sechub explain opened) anyone who approves for some route may open the modal;
    /// the submission then decides by the finding's own route (<see cref="ForAsync"/>).
    /// </summary>
    public IReadOnlyList<string> InChannel(string channel) => ActsIn(channel) ? router.ApproversIn(channel) : router.AllApprovers;

    /// <summary>
    /// The approvers of the finding's route; those of the channel for a grouped alert or a finding Security Hub no longer has;
    /// null (fail closed) when Security Hub could not be read in time.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ForAsync(FindingAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        // Without per-rule approvers every route has the same ones: no need to read the finding.
        if (action.Group || !router.HasRuleApprovers)
        {
            return router.ApproversIn(action.Channel);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ReadBudget);
        try
        {
            var found = await securityHub.GetFindingsByIdsAsync([action.Finding], budget.Token).ConfigureAwait(false);
            if (found.Count > 0)
            {
                return router.Route(found[0]).Approvers;
            }
        }
        catch (Exception ex) when (ex is SecurityHubException or HttpRequestException or Core.Aws.AwsCredentialsException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogRouteUnknown(logger, ex.GetType().Name);
            return null;
        }

        return router.ApproversIn(action.Channel);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the finding to route it ({Error}); the action is refused")]
    private static partial void LogRouteUnknown(ILogger logger, string error);
}

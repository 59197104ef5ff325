using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>What one alert button does: the action, and whether it covers every member of a grouped alert.</summary>
public sealed record AlertButton(string Action, bool Group);

/// <summary>
/// Resolve / Suppress / Reopen clicks, single or grouped, by action_id (<see cref="Buttons"/>): ack, check the
/// clicker against the approvers of the channel's routing rules, else <c>Authorization:Approvers</c> (deny by default: an ephemeral answer saying who may act and
/// how access is granted, nothing changed), then open the reason modal with views.open while the click's
/// trigger_id is still valid (3 s). <see cref="AlertActionApplier"/> applies the change on submission.
/// </summary>
public sealed partial class AlertActionButtonHandler(
    ApproverPolicy policy, RouteApprovers routes, SlackApiClient slack, Health.BotMetrics metrics, ILogger<AlertActionButtonHandler> logger) : IBlockActionHandler
{
    /// <summary>The buttons the alert composers draw, by action_id.</summary>
    public static IReadOnlyDictionary<string, AlertButton> Buttons { get; } = new Dictionary<string, AlertButton>(StringComparer.Ordinal)
    {
        [AlertActionIds.Resolve] = new(FindingAction.Resolve, Group: false),
        [AlertActionIds.Suppress] = new(FindingAction.Suppress, Group: false),
        [AlertActionIds.Reopen] = new(FindingAction.Reopen, Group: false),
        [AlertActionIds.ResolveGroup] = new(FindingAction.Resolve, Group: true),
        [AlertActionIds.SuppressGroup] = new(FindingAction.Suppress, Group: true),
        [AlertActionIds.ReopenGroup] = new(FindingAction.Reopen, Group: true),
    };

    public IReadOnlyCollection<string> ActionIds => [.. Buttons.Keys];

    public async Task HandleAsync(SlackRequest request, BlockAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (action.Channel is null || action.MessageTs is null || !Buttons.TryGetValue(action.ActionId, out var button))
        {
            return;
        }

        // The channel's approvers here (no Security Hub call before the modal's trigger expires); the submission checks the finding's own route.
        var approvers = routes.InChannel(action.Channel);
        if (!await policy.IsApproverAsync(action.UserId, approvers, cancellationToken).ConfigureAwait(false))
        {
            LogDenied(logger, action.UserId, action.ActionId);
            metrics.FindingAction(button.Action, "unauthorized");
            await TellAsync(action, Denied(button.Action, approvers), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (button.Group)
        {
            // The size is for the modal's wording only; the members are looked up when the reason is submitted.
            var size = GroupButtonValue.TryDecode(action.Value, out var n) ? n : (int?)null;
            var group = new FindingAction(button.Action, string.Empty, string.Empty, action.Channel, action.MessageTs, Group: true);
            await OpenModalAsync(action, group, size, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!FindingButtonValue.TryDecode(action.Value, out var finding))
        {
            await TellAsync(action, "This button does not name a finding I can act on. Change it in the Security Hub console (the alert's *Open in Security Hub* button). Nothing was changed.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await OpenModalAsync(action, new FindingAction(button.Action, finding.Id, finding.ProductArn, action.Channel, action.MessageTs), null, cancellationToken).ConfigureAwait(false);
    }

    private async Task OpenModalAsync(BlockAction action, FindingAction findingAction, int? groupSize, CancellationToken cancellationToken)
    {
        if (findingAction.Encode() is not { } metadata || action.TriggerId is null)
        {
            await TellAsync(action, "This finding's id is too long to act on from Slack; use the Security Hub console.", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await slack.OpenViewAsync(action.TriggerId, ReasonModal.Build(findingAction, metadata, groupSize), cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            // expired_trigger_id: more than 3 s passed since the click (a slow group lookup, a busy pod).
            LogModalFailed(logger, ex.Error);
            await TellAsync(action, "I couldn't open the reason form in time. Please click the button again.", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Denied(string action, IReadOnlyList<string> approvers)
    {
        var verb = char.ToUpperInvariant(action[0]) + action[1..];
        return approvers.Count > 0
            ? $":lock: You can't {verb} findings from Slack. Approvers: {ApproverPolicy.DescribeApprovers(approvers)}. To get access, ask an admin to add your Slack user id, or a user group you belong to, to `Authorization:Approvers` (Helm value `authorization.approvers`), or to the `Approvers` of the routing rule that sends these alerts here. Nothing was changed."
            : $":lock: Nobody can {verb} findings from Slack yet: `Authorization:Approvers` is empty. An admin grants access by listing Slack user ids or user-group ids there (Helm value `authorization.approvers`). Nothing was changed.";
    }

    /// <summary>An ephemeral message to the clicker: chat.postEphemeral in the thread, else the response_url.</summary>
    private async Task TellAsync(BlockAction action, string mrkdwn, CancellationToken cancellationToken)
    {
        try
        {
            await slack.PostEphemeralAsync(new EphemeralMessage { Channel = action.Channel!, User = action.UserId, Text = mrkdwn }, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex) when (action.ResponseUrl is not null)
        {
            LogEphemeralFallback(logger, ex.Error);
            await slack.PostToResponseUrlAsync(action.ResponseUrl, new ResponseUrlMessage { ResponseType = ResponseUrlMessage.Ephemeral, Text = mrkdwn, ReplaceOriginal = false }, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is not an approver; {ActionId} refused")]
    private static partial void LogDenied(ILogger logger, string userId, string actionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "views.open failed: {Error}")]
    private static partial void LogModalFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "chat.postEphemeral failed ({Error}); using the response_url")]
    private static partial void LogEphemeralFallback(ILogger logger, string error);
}

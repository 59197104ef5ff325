using System.Text.Json;
using Microsoft.Extensions.Options;
using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Authorization;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// The reason modal's submission: checks the reason and (again) the submitter's authorization, applies the
/// change, and answers Slack within its 3 s: no ack payload closes the modal on success; a
/// <c>response_action: errors</c> ack keeps it open with the error under the reason field. If Security Hub
/// is slower than <see cref="BotOptions.ModalDecisionBudget"/>, the modal closes and the outcome, if it is
/// an error, arrives as an ephemeral message instead. Nothing ever claims a success that did not happen.
/// </summary>
public sealed partial class ReasonModalSubmissionHandler(
    AlertActionApplier applier,
    ApproverPolicy policy,
    RouteApprovers routes,
    SlackApiClient slack,
    Health.BotMetrics metrics,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ReasonModalSubmissionHandler> logger) : IViewSubmissionHandler
{
    public string CallbackId => ReasonModal.CallbackId;

    public async Task HandleAsync(SlackRequest request, ViewSubmissionPayload submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(submission);
        var userId = submission.User?.Id;
        var action = FindingAction.Decode(submission.View?.PrivateMetadata);
        if (action is null || userId is null)
        {
            await request.AckAsync(Errors("This form is no longer valid. Close it and click the button on the alert again."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var reason = submission.View?.ValueOf(ReasonModal.ReasonBlockId, ReasonModal.ReasonActionId)?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            await request.AckAsync(Errors("A reason is required."), cancellationToken).ConfigureAwait(false);
            return;
        }

        // The budget covers the approver check too (usergroups.users.list may be slow): the change runs to
        // completion either way, never cancelled half way by our own time budget.
        var budget = Task.Delay(options.Value.ModalDecisionBudget, time, cancellationToken);
        var deciding = DecideAsync(action, userId, reason);
        if (await Task.WhenAny(deciding, budget).ConfigureAwait(false) == deciding)
        {
            var outcome = await deciding.ConfigureAwait(false);
            metrics.FindingAction(action.Action, outcome.Changed ? "applied" : "not_applied");

            // The transport acks on its own at its deadline; an error then can no longer keep the modal open.
            if (request.TryClaimAck())
            {
                await request.SendClaimedAckAsync(outcome.Error is { } error ? Errors(error) : null, cancellationToken).ConfigureAwait(false);
                return;
            }

            await TellLateAsync(action, userId, outcome, cancellationToken).ConfigureAwait(false);
            return;
        }

        LogSlowDecision(logger, action.Group ? action.Thread.ToString() : action.FindingId, options.Value.ModalDecisionBudget.TotalMilliseconds);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var late = await deciding.ConfigureAwait(false);
        metrics.FindingAction(action.Action, late.Changed ? "applied" : "not_applied");
        await TellLateAsync(action, userId, late, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The approver check, then the change; anything unexpected becomes an outcome the person is told.</summary>
    private async Task<FindingActionOutcome> DecideAsync(FindingAction action, string userId, string reason)
    {
        try
        {
            // The route's approvers (else Authorization:Approvers); null when Security Hub cannot tell the route: fail closed.
            var approvers = await routes.ForAsync(action, CancellationToken.None).ConfigureAwait(false);
            if (approvers is null)
            {
                return FindingActionOutcome.Failed("Security Hub could not be reached to check who may act on this finding. Nothing was changed; try again.");
            }

            if (!await policy.IsApproverAsync(userId, approvers, CancellationToken.None).ConfigureAwait(false))
            {
                return FindingActionOutcome.Failed("You are not (or no longer) an approver. Nothing was changed.");
            }

            return await applier.ApplyAsync(action, userId, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDecisionFailed(logger, ex.GetType().Name);
            return FindingActionOutcome.Failed("Something went wrong while applying the change. Check the alert and Security Hub before trying again.");
        }
    }

    /// <summary>
    /// An outcome that arrives after the modal closed: an error reaches the person as an ephemeral message in
    /// the alert's channel, else as a reply in the alert's thread. A success shows on the alert itself.
    /// </summary>
    private async Task TellLateAsync(FindingAction action, string userId, FindingActionOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Error is not { } error)
        {
            return;
        }

        var text = $":warning: {action.Verb} {(outcome.Changed ? "partly applied" : "failed")}: {Core.Slack.Mrkdwn.Escape(error)}";
        try
        {
            await slack.PostEphemeralAsync(new EphemeralMessage { Channel = action.Channel, User = userId, Text = text }, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            LogTellFailed(logger, ex is SlackApiException api ? api.Error : ex.GetType().Name);
        }

        try
        {
            await slack.PostMessageAsync(new Core.Slack.Messages.SlackMessage { Channel = action.Channel, ThreadTs = action.MessageTs, Text = $"<@{userId}> {text}" }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            LogTellFailed(logger, ex is SlackApiException api ? api.Error : ex.GetType().Name);
        }
    }

    /// <summary>{"response_action":"errors","errors":{"reason": message}}: Slack shows it under the reason field.</summary>
    private static JsonElement Errors(string message) =>
        JsonSerializer.SerializeToElement(new ViewErrorsAck(new Dictionary<string, string> { [ReasonModal.ReasonBlockId] = message }), SlackTransportJson.Default.ViewErrorsAck);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security Hub took longer than {BudgetMs} ms for {Target}; closed the modal, outcome follows")]
    private static partial void LogSlowDecision(ILogger logger, string target, double budgetMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying a reason modal's change failed unexpectedly ({Error})")]
    private static partial void LogDecisionFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the user that the action failed: Slack {Error}")]
    private static partial void LogTellFailed(ILogger logger, string error);
}

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

        var approvers = routes.ActsIn(action.Channel) ? await routes.ForAsync(action, cancellationToken).ConfigureAwait(false) : [];
        if (approvers is null)
        {
            await request.AckAsync(Errors("Security Hub could not be reached to check who may act on this finding. Nothing was changed; try again."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await policy.IsApproverAsync(userId, approvers, cancellationToken).ConfigureAwait(false))
        {
            await request.AckAsync(Errors("You are not (or no longer) an approver. Nothing was changed."), cancellationToken).ConfigureAwait(false);
            return;
        }

        // The change must not be cancelled half way by our own time budget: it runs to completion either way.
        var applying = applier.ApplyAsync(action, userId, reason, CancellationToken.None);
        var budget = Task.Delay(options.Value.ModalDecisionBudget, time, cancellationToken);
        if (await Task.WhenAny(applying, budget).ConfigureAwait(false) == applying)
        {
            var outcome = await applying.ConfigureAwait(false);
            metrics.FindingAction(action.Action, outcome.Changed ? "applied" : "not_applied");
            await request.AckAsync(outcome.Error is { } error ? Errors(error) : null, cancellationToken).ConfigureAwait(false);
            return;
        }

        LogSlowDecision(logger, action.Group ? action.Thread.ToString() : action.FindingId, options.Value.ModalDecisionBudget.TotalMilliseconds);
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var late = await applying.ConfigureAwait(false);
        metrics.FindingAction(action.Action, late.Changed ? "applied" : "not_applied");
        if (late.Error is { } lateError)
        {
            try
            {
                await slack.PostEphemeralAsync(
                    new EphemeralMessage { Channel = action.Channel, User = userId, Text = $":warning: {action.Verb} {(late.Changed ? "partly applied" : "failed")}: {Core.Slack.Mrkdwn.Escape(lateError)}" },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (SlackApiException ex)
            {
                LogTellFailed(logger, ex.Error);
            }
        }
    }

    /// <summary>{"response_action":"errors","errors":{"reason": message}}: Slack shows it under the reason field.</summary>
    private static JsonElement Errors(string message) =>
        JsonSerializer.SerializeToElement(new ViewErrorsAck(new Dictionary<string, string> { [ReasonModal.ReasonBlockId] = message }), SlackTransportJson.Default.ViewErrorsAck);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security Hub took longer than {BudgetMs} ms for {Target}; closed the modal, outcome follows")]
    private static partial void LogSlowDecision(ILogger logger, string target, double budgetMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the user that the action failed: Slack {Error}")]
    private static partial void LogTellFailed(ILogger logger, string error);
}

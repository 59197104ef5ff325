using System.Globalization;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.Store;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>
/// Everything the pipeline says in Slack, and what it records after Slack took it: a new alert (single or
/// storm), findings joining a storm's thread, the owed first reply, a state change. Each runs under one
/// guard: not started past the deadline, and a failure fails only its own findings' records. Nothing is
/// recorded for a message Slack did not take, so its records come back and are retried.
/// </summary>
internal sealed partial class ThreadPoster(
    ISlackPoster slack,
    IStoreOfRecord store,
    IFindingStateStore securityHub,
    AccountNames accounts,
    TimeProvider time,
    ILogger<IngestPipeline> logger)
{
    /// <summary>Time a write may take after its message is in Slack (it must not be lost to the invocation's deadline).</summary>
    private static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(10);

    /// <summary>Redraws of a storm's parent one join makes at most while other joins keep changing its count.</summary>
    private const int MaxRedraws = 4;

    private readonly AlertComposer _composer = new();

    /// <summary>Posts a new alert for findings whose claims we hold (and the group's, for a storm); records the thread.</summary>
    public Task OpenAsync(
        IReadOnlyList<ClaimedFinding> members, StoreClaim? groupClaim, ExplanationQueue explanations, RunLedger ledger, IngestRunOptions run, CancellationToken cancellationToken) =>
        GuardAsync(members.Select(m => m.Finding).ToList(), ledger, run, async findings =>
        {
            var explanation = await explanations.GetAsync(findings[0]).ConfigureAwait(false);
            var channel = members[0].Decision.Channel;
            var messages = _composer.Compose(Subject(findings, findings.Count, members[0].Decision.Route), explanation, channel);
            var parentTs = await PostOrReleaseAsync(messages.Parent, [.. members.Select(m => m.Claim), .. groupClaim is null ? [] : new[] { groupClaim }], cancellationToken)
                .ConfigureAwait(false);
            var thread = new ThreadRef(channel, parentTs);
            messages = messages.InThread(parentTs);
            string status;
            Exception? replyFailure = null;
            try
            {
                await slack.PostAsync(messages.FirstReply, cancellationToken).ConfigureAwait(false);
                status = AlertStatus.Open.ToWire();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The parent is up: record the thread as pending so the retry posts only the reply, never a second parent.
                status = ThreadFields.PendingStatus;
                replyFailure = ex;
            }

            await RecordOpenedAsync(members, groupClaim, thread, status).ConfigureAwait(false);
            if (replyFailure is not null)
            {
                throw new SlackStepException($"parent posted as {thread}, first reply failed: {replyFailure.Message}");
            }

            ledger.Posted(new PostedAlert(findings, messages, members.Any(m => m.Decision.Filter.ShouldAlert is false)) { Route = members[0].Decision.Route });
            return findings.Count > 1
                ? $"posted in grouped thread {thread} ({findings.Count.ToString(CultureInfo.InvariantCulture)} findings)"
                : $"posted thread {thread}";
        }, AlertAction.New, cancellationToken);

    /// <summary>Adds findings (claims held) to an open storm's thread: one reply naming them, the parent redrawn as the group with its count.</summary>
    public Task JoinAsync(
        IReadOnlyList<ClaimedFinding> members, StoreKey group, ThreadRef thread, ExplanationQueue explanations, RunLedger ledger, IngestRunOptions run,
        CancellationToken cancellationToken) =>
        GuardAsync(members.Select(m => m.Finding).ToList(), ledger, run, async findings =>
        {
            // The thread's member list grows first (a set: a redelivery adds nothing twice), so the reply can say the true count.
            var total = await store.AddMembersAsync(new StoredThread(thread.Channel, thread.Ts), group, [.. members.Select(m => m.Claim.Key)], cancellationToken)
                .ConfigureAwait(false);
            await PostOrReleaseAsync(_composer.ComposeJoin(findings, total, thread), [.. members.Select(m => m.Claim)], cancellationToken).ConfigureAwait(false);
            await RecordJoinedAsync(members, group, thread, total).ConfigureAwait(false);
            await RedrawGroupParentAsync(thread, findings, explanations, cancellationToken).ConfigureAwait(false);
            return $"joined storm thread {thread} (now {total.ToString(CultureInfo.InvariantCulture)} findings)";
        }, AlertAction.New, cancellationToken);

    /// <summary>Posts the first reply a thread still owes (Slack failed after its parent).</summary>
    public Task ResumeAsync(ThreadRef thread, IReadOnlyList<Finding> findings, ExplanationQueue explanations, RunLedger ledger, IngestRunOptions run, CancellationToken cancellationToken) =>
        GuardAsync(findings, ledger, run, async _ =>
        {
            var explanation = await explanations.GetAsync(findings[0]).ConfigureAwait(false);
            await slack.PostAsync(_composer.ComposeFirstReply(AlertSubject.Single(findings[0]), explanation, thread), cancellationToken).ConfigureAwait(false);
            await RecordStatusAsync(findings, thread.Channel, AlertStatuses.Of(findings[0]), markNotified: true).ConfigureAwait(false);
            return $"posted the first reply in {thread}";
        }, AlertAction.Resume, cancellationToken);

    /// <summary>Says in the thread what changed; a single finding's parent is redrawn with its new state.</summary>
    public Task UpdateAsync(
        ThreadRef thread, AlertStatus status, IReadOnlyList<AlertDecision> members, bool singleFindingThread, ExplanationQueue explanations, RunLedger ledger,
        IngestRunOptions run, CancellationToken cancellationToken) =>
        GuardAsync(members.Select(m => m.Current).ToList(), ledger, run, async findings =>
        {
            var state = AlertState.Reported(status, time.GetUtcNow());
            await slack.PostAsync(_composer.ComposeAudit(state, thread, findings), cancellationToken).ConfigureAwait(false);

            // A group's parent speaks for all its findings; only a single finding's parent shows that finding's state.
            if (singleFindingThread && findings.Count == 1)
            {
                // Failed again: the write-back below makes it NOTIFIED, which is what the parent should say.
                var shown = status == AlertStatus.Open && findings[0].Workflow == WorkflowStatus.New
                    ? findings[0] with { Workflow = WorkflowStatus.Notified }
                    : findings[0];
                await UpdateParentAsync(thread, shown, state, explanations, cancellationToken).ConfigureAwait(false);
            }

            await RecordStatusAsync(findings, thread.Channel, status, markNotified: status == AlertStatus.Open).ConfigureAwait(false);
            return $"thread {thread} updated: {members[0].Reason}";
        }, AlertAction.Update, cancellationToken);

    /// <summary>Posts; when Slack did not take the message, gives the claims up so the redelivery may post at once.</summary>
    private async Task<string> PostOrReleaseAsync(Core.Slack.Messages.SlackMessage message, IReadOnlyList<StoreClaim> claims, CancellationToken cancellationToken)
    {
        try
        {
            return await slack.PostAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            using var budget = new CancellationTokenSource(WriteBudget, time);
            await WithinBudgetAsync(async () =>
            {
                foreach (var claim in claims)
                {
                    await store.ReleaseAsync(claim, budget.Token).ConfigureAwait(false);
                }
            }, claims.Count).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The one guard every Slack step runs under.</summary>
    private async Task GuardAsync(
        IReadOnlyList<Finding> findings, RunLedger ledger, IngestRunOptions run, Func<IReadOnlyList<Finding>, Task<string>> step, AlertAction action,
        CancellationToken cancellationToken)
    {
        if (run.StopStarting.IsCancellationRequested)
        {
            ledger.Fail(findings, "not started: the invocation's deadline is near");
            return;
        }

        try
        {
            var detail = await step(findings).ConfigureAwait(false);
            ledger.Done(findings, action, detail);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            ledger.Fail(findings, ex.Message);
            LogSlackFailed(logger, findings.Count, ex.Message);
        }
    }

    /// <summary>
    /// Redraws a storm's parent from the store's member count and the members it lists as Security Hub has them
    /// now. Instances join concurrently and Slack keeps the last chat.update, so after drawing it reads the member
    /// count again and redraws while it grew: the last joiner always ends with the final count.
    /// </summary>
    private async Task RedrawGroupParentAsync(ThreadRef thread, IReadOnlyList<Finding> newcomers, ExplanationQueue explanations, CancellationToken cancellationToken)
    {
        var key = StoreKey.Thread(new StoredThread(thread.Channel, thread.Ts));
        try
        {
            var explanation = await explanations.GetAsync(newcomers[0]).ConfigureAwait(false);
            var drawn = -1;
            for (var round = 0; round < MaxRedraws; round++)
            {
                var stored = (await store.GetManyAsync([key], cancellationToken).ConfigureAwait(false)).TryGetValue(key, out var record) ? record.Members : [];
                if (stored.Count == drawn)
                {
                    return;
                }

                // The parent names only the first members; the rest count, and need not be read from Security Hub.
                // Listed members are read with the newcomers' API; one from the other Security Hub is left off the list (logged).
                var refs = stored.Select(k => k.TryGetFinding(out var f) ? f : (FindingRef?)null).OfType<FindingRef>().ToList();
                var listed = refs.Take(AlertSubject.ListedResources).ToList();
                var inHand = newcomers.ToDictionary(f => f.Ref);
                var missing = listed.Where(r => !inHand.ContainsKey(r)).ToList();
                var read = missing.Count > 0 ? await securityHub.GetCurrentAsync(missing, newcomers[0].Schema, cancellationToken).ConfigureAwait(false) : new Dictionary<FindingRef, Finding>();
                var shown = listed.Select(r => inHand.TryGetValue(r, out var f) ? f : read.GetValueOrDefault(r)).OfType<Finding>().ToList();
                if (shown.Count != listed.Count)
                {
                    LogGroupPartlyRead(logger, thread.ToString(), shown.Count, listed.Count);
                }

                List<Finding> members = [.. shown, .. newcomers.Where(n => !listed.Contains(n.Ref))];
                var subject = Subject(members, Math.Max(refs.Count, members.Count), null);
                await slack.UpdateAsync(_composer.ComposeUpdate(subject, AlertState.Open, explanation, thread), cancellationToken).ConfigureAwait(false);
                drawn = stored.Count;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reply already names the newcomers; a parent that cannot be redrawn now is redrawn by the next join.
            LogParentNotUpdated(logger, thread.ToString(), ex.Message);
        }
    }

    private async Task UpdateParentAsync(ThreadRef thread, Finding finding, AlertState state, ExplanationQueue explanations, CancellationToken cancellationToken)
    {
        try
        {
            var explanation = await explanations.GetAsync(finding).ConfigureAwait(false);
            await slack.UpdateAsync(_composer.ComposeUpdate(Subject([finding], 1, null), state, explanation, thread), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reply already says what changed; retrying the record would post it twice, so a parent that
            // cannot be edited (deleted, edit window closed, Slack down) is logged and left as it is.
            LogParentNotUpdated(logger, thread.ToString(), ex.Message);
        }
    }

    /// <summary>Completes the claims (findings, group) and lists the thread's members, then leaves a hint in Security Hub.</summary>
    private async Task RecordOpenedAsync(IReadOnlyList<ClaimedFinding> members, StoreClaim? groupClaim, ThreadRef thread, string status)
    {
        using var budget = new CancellationTokenSource(WriteBudget, time);
        var stored = new StoredThread(thread.Channel, thread.Ts);
        var group = groupClaim?.Key;
        await WithinBudgetAsync(async () =>
        {
            if (groupClaim is not null)
            {
                await store.CompleteAsync(groupClaim, new StoreCompletion(stored), budget.Token).ConfigureAwait(false);
            }

            await store.AddMembersAsync(stored, group, [.. members.Select(m => m.Claim.Key)], budget.Token).ConfigureAwait(false);
            foreach (var member in members)
            {
                await store.CompleteAsync(member.Claim, new StoreCompletion(stored) { Status = status, Group = group }, budget.Token).ConfigureAwait(false);
            }
        }, members.Count).ConfigureAwait(false);
        await WriteHintAsync([.. members.Select(m => m.Finding)], HintFields(thread, status, members.Count), markNotified: status != ThreadFields.PendingStatus).ConfigureAwait(false);
    }

    private async Task RecordJoinedAsync(IReadOnlyList<ClaimedFinding> members, StoreKey group, ThreadRef thread, int total)
    {
        using var budget = new CancellationTokenSource(WriteBudget, time);
        var stored = new StoredThread(thread.Channel, thread.Ts);
        var status = AlertStatus.Open.ToWire();
        await WithinBudgetAsync(async () =>
        {
            foreach (var member in members)
            {
                await store.CompleteAsync(member.Claim, new StoreCompletion(stored) { Status = status, Group = group }, budget.Token).ConfigureAwait(false);
            }
        }, members.Count).ConfigureAwait(false);
        await WriteHintAsync([.. members.Select(m => m.Finding)], HintFields(thread, status, total), markNotified: true).ConfigureAwait(false);
    }

    private async Task RecordStatusAsync(IReadOnlyList<Finding> findings, string channel, AlertStatus status, bool markNotified)
    {
        using var budget = new CancellationTokenSource(WriteBudget, time);
        await WithinBudgetAsync(
            () => store.SetStatusAsync([.. findings.Select(f => StoreKey.Finding(f.Ref, channel))], status.ToWire(), budget.Token), findings.Count).ConfigureAwait(false);
        await WriteHintAsync(findings, new Dictionary<string, string> { [ThreadFields.Status] = status.ToWire() }, markNotified).ConfigureAwait(false);
    }

    /// <summary>
    /// Store writes after Slack took the message run on their own budget, not the invocation's token, and a
    /// failure is logged, not turned into a failed record: retrying would post the message again. A claim
    /// left IN_PROGRESS this way lapses after its lease; the retry then sees a thread-less finding only if
    /// nothing was completed, which is the lesser harm (one duplicate) against losing the alert.
    /// </summary>
    private async Task WithinBudgetAsync(Func<Task> write, int count)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogStoreWriteFailed(logger, count, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>UserDefinedFields for people in the console: a hint only, never read to choose a thread.</summary>
    private async Task WriteHintAsync(IReadOnlyList<Finding> findings, Dictionary<string, string> fields, bool markNotified)
    {
        using var budget = new CancellationTokenSource(WriteBudget, time);
        try
        {
            var unprocessed = await securityHub.WriteBackAsync(findings, fields, markNotified, budget.Token).ConfigureAwait(false);
            foreach (var item in unprocessed)
            {
                LogWriteBackFailed(logger, item.Finding.Id, item.ErrorCode);
            }
        }
        catch (Exception ex)
        {
            LogWriteBackBatchFailed(logger, findings.Count, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// What the alert is about, with the account's configured name beside its id and, when the route names one
    /// (a CRITICAL finding of a rule with MentionGroup), the user group to mention.
    /// </summary>
    private AlertSubject Subject(IReadOnlyList<Finding> findings, int total, AlertRoute? route)
    {
        var account = accounts.Display(findings[0].AwsAccountId);
        return total > 1
            ? AlertSubject.Group(findings, total, account, route?.MentionGroup)
            : AlertSubject.Single(findings[0], account, route?.MentionGroup);
    }

    private static Dictionary<string, string> HintFields(ThreadRef thread, string status, int groupSize)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ThreadFields.Thread] = thread.ToString(),
            [ThreadFields.Status] = status,
        };
        if (groupSize > 1)
        {
            fields[ThreadFields.Group] = groupSize.ToString(CultureInfo.InvariantCulture);
        }

        return fields;
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Slack failed for an alert of {Count} findings; their records will be retried: {Reason}")]
    private static partial void LogSlackFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Write-back to finding {FindingId} failed ({ErrorCode}); the store of record has its thread, the console hint is missing")]
    private static partial void LogWriteBackFailed(ILogger logger, string findingId, string errorCode);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Write-back of {Count} findings failed ({ErrorType}): {Reason}")]
    private static partial void LogWriteBackBatchFailed(ILogger logger, int count, string errorType, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Could not update the parent of thread {Thread}: {Reason}")]
    private static partial void LogParentNotUpdated(ILogger logger, string thread, string reason);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "Store of record write for {Count} findings failed after Slack took the message ({ErrorType}): {Reason}")]
    private static partial void LogStoreWriteFailed(ILogger logger, int count, string errorType, string reason);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Storm thread {Thread}: Security Hub returned {Read} of the {Total} members its parent lists; the parent lists those")]
    private static partial void LogGroupPartlyRead(ILogger logger, string thread, int read, int total);
}

/// <summary>A finding we decided to alert on and whose claim we hold.</summary>
internal sealed record ClaimedFinding(AlertDecision Decision, StoreClaim Claim)
{
    public Finding Finding => Decision.Current;
}

/// <summary>A Slack step that partly happened; its message says what is already in Slack.</summary>
internal sealed class SlackStepException(string message) : Exception(message);

using System.Globalization;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;

using SecHubBot.Core.Telemetry;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>What happened to one finding of the input.</summary>
internal sealed record FindingOutcome(IncomingFinding Incoming, AlertAction Action, string Detail)
{
    public bool Failed { get; init; }

    public FilterDecision Filter { get; init; } = FilterDecision.Alert;
}

/// <summary>An alert the run posted (or, in the preview, would post): its findings and messages.</summary>
internal sealed record PostedAlert(IReadOnlyList<Finding> Findings, AlertMessages Messages, bool FilteredOut);

internal sealed record IngestResult(IReadOnlyList<FindingOutcome> Outcomes, IReadOnlyList<string> FailedRecordIds, IReadOnlyList<PostedAlert> Posted)
{
    public bool AnyFailed => FailedRecordIds.Count > 0 || Outcomes.Any(o => o.Failed);

    public int Count(AlertAction action) => Outcomes.Count(o => o.Action == action && !o.Failed);
}

/// <summary>How a run behaves beyond configuration.</summary>
internal sealed record IngestRunOptions
{
    /// <summary>Preview only (<c>--all</c>): alert on findings the filter policy skips too.</summary>
    public bool IncludeFiltered { get; init; }

    /// <summary>Cancelled when no new alert should be started (the Lambda deadline is near); work under way finishes.</summary>
    public CancellationToken StopStarting { get; init; }
}

/// <summary>
/// The Ingest pipeline (DESIGN.md §1–2): parse (done by the caller) → current state from Security Hub
/// (events are triggers, Security Hub is the truth) → decide per finding (<see cref="AlertStateDecision"/>)
/// → group storms (<see cref="StormGrouper"/>) → explain (cached per control) → post the parent and first
/// reply, or reply in the existing thread and update its parent → write back (NOTIFIED, thread ref,
/// shown status). One failing alert fails only its own findings' records; nothing is written back for an
/// alert Slack did not take, so its records come back and are retried.
/// </summary>
internal sealed partial class IngestPipeline(
    FilterPolicy filter,
    IFindingExplainer explainer,
    ISlackPoster slack,
    IFindingStateStore store,
    RecentThreads recent,
    IngestOptions options,
    string channel,
    TimeProvider time,
    ILogger<IngestPipeline> logger)
{
    /// <summary>Time a write-back may take after its message is in Slack (Security Hub retries inside it).</summary>
    private static readonly TimeSpan WriteBackBudget = TimeSpan.FromSeconds(10);

    private readonly AlertComposer _composer = new();

    public async Task<IngestResult> RunAsync(FindingBatch batch, IngestRunOptions? run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        run ??= new IngestRunOptions();
        var state = new RunState(batch);
        foreach (var rejection in batch.Rejections)
        {
            LogRejected(logger, rejection.RecordId ?? "-", rejection.ToString());
        }

        if (batch.Findings.Count == 0)
        {
            return state.ToResult();
        }

        IReadOnlyDictionary<FindingRef, Finding> current;
        try
        {
            current = await store.GetCurrentAsync([.. batch.Findings.Select(f => f.Finding.Ref)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the current state we cannot tell a new finding from our own echo: retry the whole batch later.
            LogStateUnavailable(logger, ex.GetType().Name, ex.Message);
            foreach (var incoming in batch.Findings)
            {
                state.Fail(incoming.Finding.Ref, AlertAction.New, "Security Hub GetFindings failed: " + ex.Message);
            }

            return state.ToResult();
        }

        var decisions = new List<AlertDecision>();
        foreach (var incoming in batch.Findings)
        {
            var finding = current.TryGetValue(incoming.Finding.Ref, out var truth) ? truth : incoming.Finding;
            var decision = AlertStateDecision.Decide(recent.Overlay(finding), filter);
            if (decision.Action == AlertAction.Filtered && run.IncludeFiltered)
            {
                decision = decision with { Action = AlertAction.New };
            }

            decisions.Add(decision);
            state.Set(decision.Current.Ref, decision.Action, decision.Reason, decision.Filter);
        }

        var explanations = new ExplanationQueue(explainer, options.ExplainConcurrency, cancellationToken);
        var units = StormGrouper.Group([.. decisions.Where(d => d.Action == AlertAction.New)], options.StormThreshold);
        foreach (var unit in units)
        {
            explanations.Start(unit.First.Current);
        }

        var resumes = decisions.Where(d => d.Action == AlertAction.Resume).GroupBy(d => d.Thread!.Value).ToList();
        foreach (var resume in resumes)
        {
            explanations.Start(resume.First().Current);
        }

        var updates = decisions.Where(d => d.Action == AlertAction.Update).GroupBy(d => (d.Thread!.Value, d.Condition)).ToList();
        try
        {
            foreach (var unit in units)
            {
                await PostNewAsync(unit, explanations, state, run, cancellationToken).ConfigureAwait(false);
            }

            foreach (var resume in resumes)
            {
                await ResumeAsync(resume.Key, [.. resume], explanations, state, run, cancellationToken).ConfigureAwait(false);
            }

            foreach (var update in updates)
            {
                await UpdateThreadAsync(update.Key.Value, update.Key.Condition, [.. update], explanations, state, run, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: whatever was not finished is retried with its record.
            state.FailUnfinished("the invocation ran out of time");
        }

        await explanations.DrainAsync().ConfigureAwait(false);
        var result = state.ToResult();
        Count(result, batch);
        LogRun(
            logger, batch.Findings.Count, result.Posted.Count, result.Count(AlertAction.New), result.Count(AlertAction.Update) + result.Count(AlertAction.Resume),
            result.Count(AlertAction.Silent), result.Count(AlertAction.Filtered), result.Outcomes.Count(o => o.Failed), result.FailedRecordIds.Count);
        return result;
    }

    /// <summary>Telemetry: alerts posted by kind, findings skipped by reason (low-cardinality tags only).</summary>
    private static void Count(IngestResult result, FindingBatch batch)
    {
        foreach (var alert in result.Posted)
        {
            SecHubBotTelemetry.AlertsPosted.Add(1, new KeyValuePair<string, object?>("kind", alert.Findings.Count > 1 ? "grouped" : "new"));
        }

        foreach (var outcome in result.Outcomes.Where(o => !o.Failed))
        {
            var reason = outcome.Action switch
            {
                AlertAction.Filtered => outcome.Filter.Reason switch
                {
                    SkipReason.Archived => "archived",
                    SkipReason.CompliancePassed => "compliance_passed",
                    SkipReason.WorkflowNotNew => "workflow_not_new",
                    SkipReason.BelowMinSeverity => "below_min_severity",
                    _ => "filtered",
                },
                AlertAction.Silent => "unchanged",
                _ => null,
            };
            if (reason is not null)
            {
                SecHubBotTelemetry.FindingsSkipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
            else if (outcome.Action is AlertAction.Update or AlertAction.Resume)
            {
                SecHubBotTelemetry.AlertsPosted.Add(1, new KeyValuePair<string, object?>("kind", "thread_update"));
            }
        }

        if (batch.Duplicates.Count > 0)
        {
            SecHubBotTelemetry.FindingsSkipped.Add(batch.Duplicates.Count, new KeyValuePair<string, object?>("reason", "duplicate"));
        }
    }

    private async Task PostNewAsync(AlertUnit unit, ExplanationQueue explanations, RunState state, IngestRunOptions run, CancellationToken cancellationToken)
    {
        var members = unit.Members.Select(m => m.Current).ToList();
        if (run.StopStarting.IsCancellationRequested)
        {
            state.Fail(members, "not started: the invocation's deadline is near");
            return;
        }

        string? parentTs = null;
        try
        {
            var explanation = await explanations.GetAsync(unit.First.Current).ConfigureAwait(false);
            var messages = unit.IsGroup
                ? new GroupAlertComposer(_composer).Compose(members, explanation, channel)
                : _composer.Compose(unit.First.Current, explanation, channel);
            parentTs = await slack.PostAsync(messages.Parent, cancellationToken).ConfigureAwait(false);
            var thread = new ThreadRef(channel, parentTs);
            messages = messages.InThread(parentTs);
            try
            {
                await slack.PostAsync(messages.FirstReply, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The parent is up: record the thread as pending so the retry posts only the reply, never a second parent.
                await WriteBackAsync(members, Fields(thread, ThreadRef.PendingStatus, unit), markNotified: false).ConfigureAwait(false);
                state.Fail(members, $"parent posted as {thread}, first reply failed: {ex.Message}");
                LogSlackFailed(logger, members.Count, ex.Message);
                return;
            }

            await WriteBackAsync(members, Fields(thread, FindingCondition.Open.ToWire(), unit), markNotified: true).ConfigureAwait(false);
            state.Posted(new PostedAlert(members, messages, unit.Members.Any(m => m.Filter.ShouldAlert is false)));
            var detail = unit.IsGroup
                ? $"posted in grouped thread {thread} ({members.Count.ToString(CultureInfo.InvariantCulture)} findings)"
                : $"posted thread {thread}";
            foreach (var member in unit.Members)
            {
                state.Set(member.Current.Ref, AlertAction.New, detail, member.Filter);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            state.Fail(members, ex.Message);
            LogSlackFailed(logger, members.Count, ex.Message);
        }
    }

    private async Task ResumeAsync(
        ThreadRef thread, IReadOnlyList<AlertDecision> members, ExplanationQueue explanations, RunState state, IngestRunOptions run, CancellationToken cancellationToken)
    {
        var findings = members.Select(m => m.Current).ToList();
        if (run.StopStarting.IsCancellationRequested)
        {
            state.Fail(findings, "not started: the invocation's deadline is near");
            return;
        }

        try
        {
            var explanation = await explanations.GetAsync(findings[0]).ConfigureAwait(false);
            var reply = _composer.ComposeFirstReply(findings[0], explanation, thread.Channel) with { ThreadTs = thread.Ts };
            await slack.PostAsync(reply, cancellationToken).ConfigureAwait(false);
            var fields = new Dictionary<string, string> { [ThreadRef.StatusKey] = FindingConditions.Of(findings[0]).ToWire() };
            await WriteBackAsync(findings, fields, markNotified: true).ConfigureAwait(false);
            state.Set(findings, AlertAction.Resume, $"posted the first reply in {thread}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            state.Fail(findings, ex.Message);
            LogSlackFailed(logger, findings.Count, ex.Message);
        }
    }

    private async Task UpdateThreadAsync(
        ThreadRef thread, FindingCondition condition, IReadOnlyList<AlertDecision> members, ExplanationQueue explanations, RunState state,
        IngestRunOptions run, CancellationToken cancellationToken)
    {
        var findings = members.Select(m => m.Current).ToList();
        if (run.StopStarting.IsCancellationRequested)
        {
            state.Fail(findings, "not started: the invocation's deadline is near");
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            await slack.PostAsync(ThreadUpdateComposer.ComposeReply(findings, condition, thread.Channel, thread.Ts, now), cancellationToken).ConfigureAwait(false);

            // A group's parent speaks for all its findings; only a single finding's parent shows that finding's state.
            if (findings.Count == 1 && members[0].GroupSize is null)
            {
                // Failed again: the write-back below makes it NOTIFIED, which is what the parent should say.
                var shown = condition == FindingCondition.Open && findings[0].Workflow == WorkflowStatus.New
                    ? findings[0] with { Workflow = WorkflowStatus.Notified }
                    : findings[0];
                await UpdateParentAsync(thread, shown, explanations, now, cancellationToken).ConfigureAwait(false);
            }

            var fields = new Dictionary<string, string> { [ThreadRef.StatusKey] = condition.ToWire() };
            await WriteBackAsync(findings, fields, markNotified: condition == FindingCondition.Open).ConfigureAwait(false);
            state.Set(findings, AlertAction.Update, $"thread {thread} updated: {members[0].Reason}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            state.Fail(findings, ex.Message);
            LogSlackFailed(logger, findings.Count, ex.Message);
        }
    }

    private async Task UpdateParentAsync(ThreadRef thread, Finding finding, ExplanationQueue explanations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            explanations.Start(finding);
            var explanation = await explanations.GetAsync(finding).ConfigureAwait(false);
            var update = new ThreadUpdateComposer(_composer).ComposeParentUpdate(finding, explanation, thread.Channel, thread.Ts, now);
            await slack.UpdateAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reply already says what changed; retrying the record would post it twice, so a parent that
            // cannot be edited (deleted, edit window closed, Slack down) is logged and left as it is.
            LogParentNotUpdated(logger, thread.ToString(), ex.Message);
        }
    }

    /// <summary>
    /// Writes the thread's fields back and remembers them. It runs on its own time budget, not the
    /// invocation's token: once Slack has the message, losing the write-back to a deadline would post it
    /// again on retry. A failure is logged, not turned into a failed record, for the same reason.
    /// </summary>
    private async Task WriteBackAsync(IReadOnlyList<Finding> findings, Dictionary<string, string> fields, bool markNotified)
    {
        foreach (var finding in findings)
        {
            recent.Remember(finding, fields);
        }

        using var budget = new CancellationTokenSource(WriteBackBudget, time);
        try
        {
            var unprocessed = await store.WriteBackAsync(findings, fields, markNotified, budget.Token).ConfigureAwait(false);
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

    private static Dictionary<string, string> Fields(ThreadRef thread, string status, AlertUnit unit)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ThreadRef.FieldKey] = thread.ToString(),
            [ThreadRef.StatusKey] = status,
        };
        if (unit.IsGroup)
        {
            fields[ThreadRef.GroupKey] = unit.Members.Count.ToString(CultureInfo.InvariantCulture);
        }

        return fields;
    }

    /// <summary>Outcomes by finding, failures, and which SQS records they fail.</summary>
    private sealed class RunState
    {
        private readonly FindingBatch _batch;
        private readonly Dictionary<FindingRef, FindingOutcome> _outcomes = [];
        private readonly HashSet<FindingRef> _finished = [];
        private readonly List<PostedAlert> _posted = [];

        public RunState(FindingBatch batch)
        {
            _batch = batch;
            foreach (var incoming in batch.Findings)
            {
                _outcomes[incoming.Finding.Ref] = new FindingOutcome(incoming, AlertAction.New, "not processed");
            }
        }

        public void Set(FindingRef finding, AlertAction action, string detail, FilterDecision filter)
        {
            _outcomes[finding] = _outcomes[finding] with { Action = action, Detail = detail, Filter = filter };
            if (action is AlertAction.Silent or AlertAction.Filtered)
            {
                _finished.Add(finding);
            }
        }

        public void Set(IEnumerable<Finding> findings, AlertAction action, string detail)
        {
            foreach (var finding in findings)
            {
                _outcomes[finding.Ref] = _outcomes[finding.Ref] with { Action = action, Detail = detail };
                _finished.Add(finding.Ref);
            }
        }

        public void Posted(PostedAlert alert)
        {
            _posted.Add(alert);
            foreach (var finding in alert.Findings)
            {
                _finished.Add(finding.Ref);
            }
        }

        public void Fail(FindingRef finding, AlertAction action, string reason)
        {
            _outcomes[finding] = _outcomes[finding] with { Action = action, Detail = reason, Failed = true };
            _finished.Add(finding);
        }

        public void Fail(IEnumerable<Finding> findings, string reason)
        {
            foreach (var finding in findings)
            {
                _outcomes[finding.Ref] = _outcomes[finding.Ref] with { Detail = reason, Failed = true };
                _finished.Add(finding.Ref);
            }
        }

        public void FailUnfinished(string reason)
        {
            foreach (var key in _outcomes.Keys.Where(k => !_finished.Contains(k)).ToList())
            {
                _outcomes[key] = _outcomes[key] with { Detail = reason, Failed = true };
            }
        }

        public IngestResult ToResult()
        {
            var outcomes = _batch.Findings.Select(f => _outcomes[f.Finding.Ref]).ToList();
            var failedRecords = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rejection in _batch.Rejections)
            {
                // A record nothing could read is poison: fail it, so SQS redrives it to the DLQ after maxReceiveCount.
                if (rejection.RecordId is { } id)
                {
                    failedRecords.Add(id);
                }
            }

            foreach (var outcome in outcomes.Where(o => o.Failed && o.Incoming.RecordId is not null))
            {
                failedRecords.Add(outcome.Incoming.RecordId!);
            }

            var ordered = _batch.RecordIds.Where(failedRecords.Contains).Concat(failedRecords.Where(r => !_batch.RecordIds.Contains(r))).Distinct().ToList();
            return new IngestResult(outcomes, ordered, _posted);
        }
    }

    /// <summary>Explanations started early (bounded concurrency) and awaited in posting order; the cache shares one call per control.</summary>
    private sealed class ExplanationQueue(IFindingExplainer explainer, int concurrency, CancellationToken cancellationToken)
    {
        private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
        private readonly Dictionary<FindingRef, Task<Explanation>> _tasks = [];

        public void Start(Finding finding)
        {
            if (!_tasks.ContainsKey(finding.Ref))
            {
                _tasks[finding.Ref] = ExplainAsync(finding);
            }
        }

        public Task<Explanation> GetAsync(Finding finding)
        {
            Start(finding);
            return _tasks[finding.Ref];
        }

        /// <summary>Lets explanations nobody awaited (the run stopped early) finish quietly.</summary>
        public async Task DrainAsync()
        {
            try
            {
                await Task.WhenAll(_tasks.Values).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Each failure was already reported by the alert that awaited it, or the run stopped.
            }

            _slots.Dispose();
        }

        private async Task<Explanation> ExplainAsync(Finding finding)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await explainer.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Ingest: {Findings} findings → {Threads} new threads ({New} findings), {Updated} thread updates, {Silent} silent, {Filtered} filtered, {Failed} failed ({FailedRecords} records to retry)")]
    private static partial void LogRun(ILogger logger, int findings, int threads, int @new, int updated, int silent, int filtered, int failed, int failedRecords);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Rejected input (record {RecordId}): {Reason}")]
    private static partial void LogRejected(ILogger logger, string recordId, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Security Hub state unavailable ({ErrorType}): {Reason}; the batch will be retried")]
    private static partial void LogStateUnavailable(ILogger logger, string errorType, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Slack failed for an alert of {Count} findings; their records will be retried: {Reason}")]
    private static partial void LogSlackFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Write-back to finding {FindingId} failed ({ErrorCode}); its thread exists but Security Hub does not know it yet")]
    private static partial void LogWriteBackFailed(ILogger logger, string findingId, string errorCode);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Write-back of {Count} findings failed ({ErrorType}): {Reason}")]
    private static partial void LogWriteBackBatchFailed(ILogger logger, int count, string errorType, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Could not update the parent of thread {Thread}: {Reason}")]
    private static partial void LogParentNotUpdated(ILogger logger, string thread, string reason);
}

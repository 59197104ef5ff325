using Microsoft.Extensions.Logging;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.Store;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>
/// The Ingest pipeline (DESIGN.md §1–2): parse (done by the caller) → current state from Security Hub
/// (events are triggers, Security Hub is the truth about the finding) → the store of record's memory of
/// each finding (one BatchGetItem per 100) → decide per finding (<see cref="AlertStateDecision"/>) →
/// claim what is new (<see cref="ClaimCoordinator"/>) → post, join a storm's open thread, resume or
/// update (<see cref="ThreadPoster"/>). One failing alert fails only its own findings' records.
/// Each finding goes where <see cref="AlertRouter"/> sends it; fanned out to several channels, it is decided,
/// claimed and posted once per channel, each with its own record and thread.
/// </summary>
internal sealed partial class IngestPipeline(
    FilterPolicy filter,
    IFindingExplainer explainer,
    IFindingStateStore securityHub,
    ClaimCoordinator claims,
    ThreadPoster poster,
    IngestOptions options,
    AlertRouter router,
    TimeProvider time,
    ILogger<IngestPipeline> logger)
{
    public async Task<IngestResult> RunAsync(FindingBatch batch, IngestRunOptions? run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        run ??= new IngestRunOptions();
        var ledger = new RunLedger(batch);
        foreach (var rejection in batch.Rejections)
        {
            LogRejected(logger, rejection.RecordId ?? "-", rejection.ToString());
        }

        if (batch.Findings.Count == 0)
        {
            return ledger.ToResult();
        }

        var decisions = await DecideAsync(batch, run, ledger, cancellationToken).ConfigureAwait(false);
        if (decisions is null)
        {
            return ledger.ToResult();
        }

        var explanations = new ExplanationQueue(explainer, options.ExplainConcurrency, cancellationToken);
        try
        {
            var (won, lost) = await claims.ClaimAsync([.. decisions.Where(d => d.Action == AlertAction.New)], cancellationToken).ConfigureAwait(false);
            var settled = await SettleHeldAsync([.. decisions.Where(d => d.Action == AlertAction.HeldElsewhere), .. lost], ledger, cancellationToken).ConfigureAwait(false);
            decisions = [.. decisions.Where(d => d.Action is not (AlertAction.New or AlertAction.HeldElsewhere)), .. settled];
            // A storm group's findings post as one unit per channel; a finding of no group (not a control's, or no window) posts alone.
            var units = won.GroupBy(c => (c.Decision.Channel, Group: GroupOf(c.Finding, c.Decision.Channel)))
                .SelectMany(g => g.Key.Group is null
                    ? g.Select(c => (g.Key.Channel, Key: (StoreKey?)null, Members: (IReadOnlyList<ClaimedFinding>)[c]))
                    : [(g.Key.Channel, g.Key.Group, (IReadOnlyList<ClaimedFinding>)[.. g])])
                .ToList();
            foreach (var unit in units)
            {
                explanations.Start(unit.Members[0].Finding);
            }

            var resumes = decisions.Where(d => d.Action == AlertAction.Resume).GroupBy(d => d.Thread!.Value).ToList();
            foreach (var resume in resumes)
            {
                explanations.Start(resume.First().Current);
            }

            foreach (var unit in units)
            {
                await PostNewAsync(unit.Channel, unit.Key, unit.Members, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            }

            foreach (var resume in resumes)
            {
                await poster.ResumeAsync(resume.Key, [.. resume.Select(d => d.Current)], explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            }

            await UpdateThreadsAsync([.. decisions.Where(d => d.Action == AlertAction.Update)], explanations, ledger, run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: whatever was not finished is retried with its record.
            ledger.FailUnfinished("the invocation ran out of time");
        }

        await explanations.DrainAsync().ConfigureAwait(false);
        var result = ledger.ToResult();
        IngestTelemetry.Count(result, batch);
        LogRun(
            logger, batch.Findings.Count, result.Posted.Count, result.Count(AlertAction.New), result.Count(AlertAction.Update) + result.Count(AlertAction.Resume),
            result.Count(AlertAction.Silent), result.Count(AlertAction.Filtered), result.Outcomes.Count(o => o.Failed), result.FailedRecordIds.Count);
        return result;
    }

    /// <summary>Security Hub's current copy and the store's record of each finding, and what they mean; null when either could not be read.</summary>
    private async Task<List<AlertDecision>?> DecideAsync(FindingBatch batch, IngestRunOptions run, RunLedger ledger, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<FindingRef, Finding> current;
        IReadOnlyDictionary<StoreKey, StoreRecord> records;
        try
        {
            var read = new Dictionary<FindingRef, Finding>();
            foreach (var schema in batch.Findings.GroupBy(f => f.Finding.Schema))
            {
                foreach (var (key, finding) in await securityHub.GetCurrentAsync([.. schema.Select(f => f.Finding.Ref)], schema.Key, cancellationToken).ConfigureAwait(false))
                {
                    read[key] = finding;
                }
            }

            current = read;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the current state we cannot tell a new finding from our own echo: retry the whole batch later.
            LogStateUnavailable(logger, "Security Hub GetFindings", ex.GetType().Name, ex.Message);
            ledger.FailAll("Security Hub GetFindings failed: " + ex.Message);
            return null;
        }

        // Routed on Security Hub's copy: the route follows the finding's current severity and tags.
        List<(Finding Finding, AlertRoute Route)> routed = [.. batch.Findings.Select(f => current.TryGetValue(f.Finding.Ref, out var truth) ? truth : f.Finding).Select(f => (f, router.Route(f)))];
        try
        {
            records = await claims.ReadAsync([.. routed.SelectMany(r => r.Route.Channels.Select(c => StoreKey.Finding(r.Finding.Ref, c)))], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(logger, "the store of record", ex.GetType().Name, ex.Message);
            ledger.FailAll("the store of record could not be read: " + ex.Message);
            return null;
        }

        var now = time.GetUtcNow();
        var decisions = new List<AlertDecision>();
        foreach (var (finding, route) in routed)
        {
            foreach (var channel in route.Channels)
            {
                var decision = Decide(finding, route, channel, records.GetValueOrDefault(StoreKey.Finding(finding.Ref, channel)), run, now);
                decisions.Add(decision);
                ledger.Decided(decision);
            }
        }

        return decisions;
    }

    private AlertDecision Decide(Finding finding, AlertRoute route, string channel, StoreRecord? record, IngestRunOptions run, DateTimeOffset now)
    {
        var decision = AlertStateDecision.Decide(finding, record, filter, channel, now) with { Channel = channel, Route = route };
        return decision.Action == AlertAction.Filtered && run.IncludeFiltered ? decision with { Action = AlertAction.New } : decision;
    }

    /// <summary>
    /// Findings another instance claimed: wait (bounded) for its record, then decide again. A finding still held,
    /// or freed without a thread (the other gave up), is failed: its record comes back and is decided afresh.
    /// </summary>
    private async Task<List<AlertDecision>> SettleHeldAsync(IReadOnlyList<AlertDecision> held, RunLedger ledger, CancellationToken cancellationToken)
    {
        if (held.Count == 0)
        {
            return [];
        }

        var records = await claims.WaitForAsync([.. held.Select(d => StoreKey.Finding(d.Current.Ref, d.Channel))], cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var settled = new List<AlertDecision>();
        foreach (var decision in held)
        {
            var again = AlertStateDecision.Decide(decision.Current, records.GetValueOrDefault(StoreKey.Finding(decision.Current.Ref, decision.Channel)), filter, decision.Channel, now)
                with { Channel = decision.Channel, Route = decision.Route };
            if (again.Action is AlertAction.New or AlertAction.HeldElsewhere)
            {
                ledger.Fail([decision.Current], "another instance holds its claim or gave it up; left for redelivery");
                continue;
            }

            settled.Add(again);
            ledger.Decided(again);
        }

        return settled;
    }

    /// <summary>A new alert, or, for a control finding whose storm group has an open thread, a join of that thread.</summary>
    private async Task PostNewAsync(
        string channel, StoreKey? group, IReadOnlyList<ClaimedFinding> members, ExplanationQueue explanations, RunLedger ledger, IngestRunOptions run, CancellationToken cancellationToken)
    {
        if (run.StopStarting.IsCancellationRequested)
        {
            await claims.ReleaseAsync(members, CancellationToken.None).ConfigureAwait(false);
            ledger.Fail(members.Select(m => m.Finding), "not started: the invocation's deadline is near");
            return;
        }

        if (group is not { } key)
        {
            await poster.OpenAsync(members, null, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await OpenThreadOfAsync(key, channel, wait: false, cancellationToken).ConfigureAwait(false) is { } open)
        {
            await poster.JoinAsync(members, key, open, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await claims.ClaimGroupAsync(key, cancellationToken).ConfigureAwait(false) is { } groupClaim)
        {
            await poster.OpenAsync(members, groupClaim, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Another instance is opening this storm's thread: never post a second one; join it once it exists.
        if (await OpenThreadOfAsync(key, channel, wait: true, cancellationToken).ConfigureAwait(false) is { } joined)
        {
            await poster.JoinAsync(members, key, joined, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
            return;
        }

        await claims.ReleaseAsync(members, CancellationToken.None).ConfigureAwait(false);
        ledger.Fail(members.Select(m => m.Finding), "another instance is opening this storm's thread; left for redelivery");
    }

    /// <summary>The storm group's thread when the group is completed, still open, and in the group's channel.</summary>
    private async Task<ThreadRef?> OpenThreadOfAsync(StoreKey group, string channel, bool wait, CancellationToken cancellationToken)
    {
        var records = wait
            ? await claims.WaitForAsync([group], cancellationToken).ConfigureAwait(false)
            : await claims.ReadAsync([group], cancellationToken).ConfigureAwait(false);
        return records.TryGetValue(group, out var record)
            && record is { State: ClaimState.Completed, Thread: { } thread }
            && record.OpenUntil > time.GetUtcNow()
            && string.Equals(thread.Channel, channel, StringComparison.Ordinal)
                ? new ThreadRef(thread.Channel, thread.Ts)
                : null;
    }

    private async Task UpdateThreadsAsync(
        IReadOnlyList<AlertDecision> updates, ExplanationQueue explanations, RunLedger ledger, IngestRunOptions run, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var threads = updates.Select(d => StoreKey.Thread(new StoredThread(d.Thread!.Value.Channel, d.Thread.Value.Ts))).Distinct().ToList();
        IReadOnlyDictionary<StoreKey, StoreRecord> members;
        try
        {
            members = await claims.ReadAsync(threads, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(logger, "the store of record", ex.GetType().Name, ex.Message);
            ledger.Fail(updates.Select(d => d.Current), "the store of record could not be read: " + ex.Message);
            return;
        }

        foreach (var update in updates.GroupBy(d => (d.Thread!.Value, d.Status)))
        {
            var (thread, status) = update.Key;
            var single = !members.TryGetValue(StoreKey.Thread(new StoredThread(thread.Channel, thread.Ts)), out var record) || record.Members.Count <= 1;
            await poster.UpdateAsync(thread, status, [.. update], single, explanations, ledger, run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A control finding's storm group: (account, region, control) in one channel; other findings, or a zero window, never group.</summary>
    private StoreKey? GroupOf(Finding finding, string channel) =>
        options.StormWindow > TimeSpan.Zero && finding is { ControlId: { } control, AwsAccountId: { } account, Region: { } region }
            ? StoreKey.Group(account, region, control, channel)
            : null;

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Ingest: {Findings} findings → {Threads} new threads ({New} findings), {Updated} thread updates, {Silent} silent, {Filtered} filtered, {Failed} failed ({FailedRecords} records to retry)")]
    private static partial void LogRun(ILogger logger, int findings, int threads, int @new, int updated, int silent, int filtered, int failed, int failedRecords);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Rejected input (record {RecordId}): {Reason}")]
    private static partial void LogRejected(ILogger logger, string recordId, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "{Source} unavailable ({ErrorType}): {Reason}; the batch will be retried")]
    private static partial void LogStateUnavailable(ILogger logger, string source, string errorType, string reason);
}

using System.Collections.Concurrent;
using System.Globalization;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Core.Store;

namespace SecHubBot.Bot.Actions;

/// <summary>The outcome of one reason-modal submission; <see cref="Error"/> is shown to the person when set.</summary>
public sealed record FindingActionOutcome(bool Changed, string? Error)
{
    public static FindingActionOutcome Success { get; } = new(true, null);

    public static FindingActionOutcome Failed(string error) => new(false, error);
}

/// <summary>
/// Applies Resolve / Suppress / Reopen to the findings of one alert: a single alert's finding is a group of
/// one; a grouped alert's members are those the store of record lists on the alert's thread
/// (<see cref="AlertMembers"/>). ASFF findings change with BatchUpdateFindings, OCSF ones with
/// BatchUpdateFindingsV2 (<see cref="FindingStatusWriter"/>).
/// <list type="bullet">
/// <item>Serialised per finding (single) or per alert thread (group) in this process, so a double click,
/// a second person or a retry after a partial failure changes each finding at most once.</item>
/// <item>Findings already in the target state are skipped. BatchUpdateFindings "can take several minutes"
/// to show in GetFindings, so what this pod applied in the last minutes counts, but only while nothing
/// fresher is known: once Security Hub shows a later change (the finding's or its note's UpdatedAt, e.g. a
/// Reopen on another pod), the state the alert shows (its metadata, which every pod updates right after a
/// change) else Security Hub's decides. A group's Reopen reopens the members in the state the alert shows.</item>
/// <item>What Security Hub leaves unprocessed is reported with counts; nothing claims success that did not
/// happen, and a group's alert says how many members changed, never "all" when not all did.</item>
/// <item>On success the store records the status the alert now shows (so Ingest's echo of our own update is
/// silent), the parent alert is re-drawn by the one <see cref="AlertComposer"/> from the findings and the new
/// state (never from Slack's copy of its blocks) and the thread gets an audit reply. When the change came
/// from another thread than the finding's canonical alert (one opened by /sechub explain), that alert is
/// re-drawn too, if its metadata names this finding or its group.</item>
/// </list>
/// </summary>
public sealed partial class AlertActionApplier(
    AlertMembers alertMembers,
    FindingStatusWriter writer,
    IStoreOfRecord store,
    SlackApiClient slack,
    UserDirectory users,
    IFindingExplainer explainer,
    AlertThreadReader alerts,
    AlertRouter router,
    TimeProvider time,
    ILogger<AlertActionApplier> logger)
{
    private static readonly AlertComposer Composer = new();

    private static readonly TimeSpan RecentLifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (WorkflowStatus Status, DateTimeOffset At)> _recent = new(StringComparer.Ordinal);

    /// <summary>Security Hub's Note.Text: "&lt;reason&gt; — &lt;name&gt; via Slack", cut to 512 characters by shortening the reason.</summary>
    public static string NoteText(string reason, string name)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var suffix = $" — {name} via Slack";
        if (suffix.Length > 200)
        {
            suffix = string.Concat(suffix.AsSpan(0, 199), "…");
        }

        var room = FindingNoteUpdate.MaxTextLength - suffix.Length;
        var trimmed = reason.Trim();
        if (trimmed.Length > room)
        {
            trimmed = string.Concat(trimmed.AsSpan(0, room - 1), "…");
        }

        return trimmed + suffix;
    }

    public async Task<FindingActionOutcome> ApplyAsync(FindingAction action, string userId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(reason);
        var subject = Subject(action);
        var gate = _locks.GetOrAdd(subject, _ => new SemaphoreSlim(1, 1));
        return await ActionGuard.RunAsync(gate, logger, async () =>
        {
            var metadata = await ReadOurAlertAsync(action.Thread, cancellationToken).ConfigureAwait(false);
            var members = await alertMembers.ReadAsync(action, metadata, cancellationToken).ConfigureAwait(false);
            if (members.Count == 0)
            {
                LogNoMembers(logger, subject);
                return FindingActionOutcome.Failed(action.Group
                    ? "I have no record of the findings this alert speaks for (the store of record has no members for its thread), or Security Hub no longer has them. Nothing was changed; use the Security Hub console."
                    : "Security Hub no longer has this finding (or this bot's AWS identity cannot see it). Nothing was changed.");
            }

            var target = action.Target;

            // A single alert's status is its finding's; a group's is what the last group action set.
            var shownForFinding = action.Group ? null : WorkflowShown(metadata?.Status);
            var shownForGroup = action.Group ? metadata?.Status : null;
            var todo = members.Where(m => Needs(action, Known(m, shownForFinding), shownForGroup)).ToList();
            var total = members.Count;
            if (todo.Count == 0)
            {
                LogNothingToDo(logger, subject, target.ToString());
                return FindingActionOutcome.Failed(action.Group
                    ? $"All {Count(total)} findings of this alert are already {Label(target)}; nothing was changed."
                    : $"This finding is already {Label(Known(members[0], shownForFinding))}; nothing was changed.");
            }

            var name = await users.DisplayNameAsync(userId, cancellationToken).ConfigureAwait(false);
            var (processed, unprocessed) = await writer.WriteAsync(todo, target, reason, userId, name, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var finding in processed)
            {
                _recent[finding.Id] = (target, now);
            }

            string? error = null;
            if (unprocessed.Count > 0)
            {
                var codes = string.Join(", ", unprocessed.Select(u => u.ErrorCode).Distinct(StringComparer.Ordinal).Take(5));
                LogUnprocessed(logger, subject, unprocessed.Count, codes);
                error = !action.Group
                    ? $"Security Hub did not update the finding ({unprocessed[0].ErrorCode}: {unprocessed[0].ErrorMessage}). Nothing was changed; try again."
                    : $"{Count(unprocessed.Count)} of {Count(total)} findings were not updated ({codes}). " +
                      (processed.Count > 0 ? $"{Count(processed.Count)} were set to {Label(target)} and the alert says so; submit again to retry the rest." : "Nothing was changed; try again.");
            }

            if (processed.Count == 0)
            {
                return FindingActionOutcome.Failed(error ?? "Nothing was changed; try again.");
            }

            LogApplied(logger, subject, target.ToString(), processed.Count, total, userId);
            await RecordStatusAsync(processed, target, action.Channel, cancellationToken).ConfigureAwait(false);
            var counts = action.Group ? new GroupChangeCounts(processed.Count, total - todo.Count + processed.Count, total) : null;
            var state = AlertState.ChangedBy(action.TargetStatus, name, now, reason.Trim(), counts);
            await AnnounceAsync(action, members, state, cancellationToken).ConfigureAwait(false);
            if (!action.Group)
            {
                await AnnounceCanonicalAsync(action, members[0], state, cancellationToken).ConfigureAwait(false);
            }

            return new FindingActionOutcome(true, error);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the action is serialised on and logged as: the finding id, or the group alert's thread.</summary>
    private static string Subject(FindingAction action) => action.Group ? action.Thread.ToString() : action.FindingId;

    /// <summary>
    /// Whether a finding still needs the change. Reopen: only a closed finding, and for a group only members in
    /// the state the alert shows (RESOLVED or SUPPRESSED, what the group action set); none when it shows open;
    /// any closed member when the alert is unreadable.
    /// </summary>
    private static bool Needs(FindingAction action, WorkflowStatus known, string? groupShownStatus)
    {
        if (action.Action != FindingAction.Reopen)
        {
            return known != action.Target;
        }

        if (groupShownStatus is null)
        {
            return known is WorkflowStatus.Resolved or WorkflowStatus.Suppressed;
        }

        // An alert that already shows open (a repeated Reopen) has nothing left to reopen.
        return WorkflowShown(groupShownStatus) is WorkflowStatus.Resolved or WorkflowStatus.Suppressed && known == WorkflowShown(groupShownStatus);
    }

    /// <summary>
    /// What this pod applied recently, unless Security Hub shows a later change of the finding (another pod's
    /// Reopen, the console); else what a single alert shows, else Security Hub's state.
    /// </summary>
    private WorkflowStatus Known(Finding member, WorkflowStatus? shown)
    {
        if (_recent.TryGetValue(member.Id, out var recent) && time.GetUtcNow() - recent.At < RecentLifetime && !(ChangedAt(member) > recent.At))
        {
            return recent.Status;
        }

        return shown ?? member.Workflow;
    }

    /// <summary>When Security Hub last saw the finding change: its UpdatedAt or its note's, whichever is later.</summary>
    private static DateTimeOffset? ChangedAt(Finding finding) =>
        finding.Note?.UpdatedAt is { } noted && (finding.UpdatedAt is null || noted > finding.UpdatedAt) ? noted : finding.UpdatedAt;

    /// <summary>The workflow state behind the status an alert shows (its metadata: today's words, or an old alert's workflow names); null when it names none.</summary>
    private static WorkflowStatus? WorkflowShown(string? status) => AlertStatuses.FromWire(status)?.WorkflowToSet();

    /// <summary>
    /// The status each changed finding's alert now shows, in the store of record, so Ingest takes the event our
    /// own update raises (the only echo OCSF findings can be recognised by) as silent. The change stands if this fails.
    /// </summary>
    private async Task RecordStatusAsync(List<Finding> processed, WorkflowStatus target, string channel, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var byStatus in processed.GroupBy(f => AlertStatuses.Of(f with { Workflow = target }).ToWire(), StringComparer.Ordinal))
            {
                await store.SetStatusAsync([.. byStatus.SelectMany(f => RecordKeys(f.Ref, channel))], byStatus.Key, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(logger, processed.Count, ex.GetType().Name);
        }
    }

    /// <summary>Findings have changed; Slack and explainer failures from here on are logged, and the change stands.</summary>
    private async Task AnnounceAsync(FindingAction action, List<Finding> members, AlertState state, CancellationToken cancellationToken)
    {
        var workflow = action.Target;
        var shown = members.Select(m => m with { Workflow = workflow }).ToList();
        var subject = action.Group ? AlertSubject.Group(shown) : AlertSubject.Single(shown[0]);
        var explanation = await ExplainAsync(action, shown[0], cancellationToken).ConfigureAwait(false);
        try
        {
            await slack.UpdateMessageAsync(Composer.ComposeUpdate(subject, state, explanation, action.Thread), cancellationToken).ConfigureAwait(false);
            await slack.PostMessageAsync(Composer.ComposeAudit(state, action.Thread), cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogAnnounceFailed(logger, Subject(action), ex.Method, ex.Error);
        }
    }

    /// <summary>
    /// The explanation the re-drawn alert keeps ("What happened / Why it matters"): the explainer caches per
    /// problem, so after the alert was posted this usually costs nothing. Without one the alert drops that section.
    /// </summary>
    private async Task<Explanation?> ExplainAsync(FindingAction action, Finding finding, CancellationToken cancellationToken)
    {
        try
        {
            return await explainer.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogExplainFailed(logger, Subject(action), ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// The finding's canonical alert (the thread the store of record names for it), when the change was made in
    /// another thread: re-drawn (single alert) and told with an audit reply, so it never shows a stale state.
    /// The store's thread is acted on only if its parent is our alert and its metadata names this finding or
    /// its group (control, account and region); anything else is left alone and logged.
    /// </summary>
    private async Task AnnounceCanonicalAsync(FindingAction action, Finding finding, AlertState state, CancellationToken cancellationToken)
    {
        try
        {
            var records = await store.GetManyAsync(RecordKeys(finding.Ref, action.Channel), cancellationToken).ConfigureAwait(false);
            foreach (var stored in records.Values.Select(r => r.Thread).OfType<StoredThread>())
            {
                var canonical = new ThreadRef(stored.Channel, stored.Ts);
                if (canonical != action.Thread)
                {
                    await AnnounceElsewhereAsync(action, finding, state, canonical, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (SlackApiException ex)
        {
            LogAnnounceFailed(logger, Subject(action), ex.Method, ex.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(logger, 1, ex.GetType().Name);
        }
    }

    private static bool NamesFinding(FindingAlertMetadata metadata, Finding finding) =>
        metadata.GroupSize is null && string.Equals(metadata.FindingId, finding.Id, StringComparison.Ordinal);

    private static bool NamesGroupOf(FindingAlertMetadata metadata, Finding finding) =>
        metadata.GroupSize is > 0 && finding.ControlId is not null
        && string.Equals(metadata.ControlId, finding.ControlId, StringComparison.Ordinal)
        && string.Equals(metadata.AccountId, finding.AwsAccountId, StringComparison.Ordinal)
        && string.Equals(metadata.Region, finding.Region, StringComparison.Ordinal);

    /// <summary>The alert message (its blocks and metadata); null if Slack cannot return it (then Security Hub decides alone).</summary>
    /// <summary>One other alert of the finding (its canonical thread, or its copy in a fanned-out channel), re-drawn or told.</summary>
    private async Task AnnounceElsewhereAsync(FindingAction action, Finding finding, AlertState state, ThreadRef canonical, CancellationToken cancellationToken)
    {
        var metadata = await ReadOurAlertAsync(canonical, cancellationToken).ConfigureAwait(false);
        if (metadata is null || !(NamesFinding(metadata, finding) || NamesGroupOf(metadata, finding)))
        {
            LogCanonicalRefused(logger, action.FindingId, canonical.ToString());
            return;
        }

        if (metadata.GroupSize is null)
        {
            var shown = finding with { Workflow = action.Target };
            var explanation = await ExplainAsync(action, shown, cancellationToken).ConfigureAwait(false);
            await slack.UpdateMessageAsync(Composer.ComposeUpdate(AlertSubject.Single(shown), state, explanation, canonical), cancellationToken).ConfigureAwait(false);
        }

        // A group's parent speaks for all its members; one member's change is told in its thread.
        await slack.PostMessageAsync(Composer.ComposeAudit(state, canonical, metadata.GroupSize is null ? null : [finding]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The finding's store records in every channel the routes post to (a fanned-out finding has a thread in each).</summary>
    private List<StoreKey> RecordKeys(FindingRef finding, string clickedChannel) =>
        [.. router.Channels.Append(clickedChannel).Distinct(StringComparer.Ordinal).Select(c => StoreKey.Finding(finding, c))];

    /// <summary>The parent's alert metadata, only when this app posted it (another app's look-alike parent is no claim we act on).</summary>
    private async Task<FindingAlertMetadata?> ReadOurAlertAsync(ThreadRef thread, CancellationToken cancellationToken)
    {
        try
        {
            var page = await slack.GetRepliesPageAsync(thread.Channel, thread.Ts, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await alerts.OurAlertAsync(page.Messages.FirstOrDefault(m => m.Ts == thread.Ts), cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogParentUnreadable(logger, thread.ToString(), ex.Error);
            return null;
        }
    }

    private static string Label(WorkflowStatus status) => status.ToString().ToUpperInvariant();

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Security Hub returned no finding for {Subject}; nothing applied")]
    private static partial void LogNoMembers(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} is already {Status}; nothing applied")]
    private static partial void LogNothingToDo(ILogger logger, string subject, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject}: {Count} of {Total} findings set to {Status} by {UserId}")]
    private static partial void LogApplied(ILogger logger, string subject, string status, int count, int total, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject}: {Count} findings unprocessed ({ErrorCodes})")]
    private static partial void LogUnprocessed(ILogger logger, string subject, int count, string errorCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the alert {Thread} ({Error}); deciding from Security Hub's state")]
    private static partial void LogParentUnreadable(ILogger logger, string thread, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} findings changed, but the store of record could not be updated or read ({Error}); Ingest may announce our own change once")]
    private static partial void LogStoreFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store names {Thread} as the alert of {FindingId}, but its parent is not our alert for it; left alone")]
    private static partial void LogCanonicalRefused(ILogger logger, string findingId, string thread);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} changed; the explanation for its alert failed ({Error}), so the alert is re-drawn without it")]
    private static partial void LogExplainFailed(ILogger logger, string subject, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject} changed, but Slack {Method} failed ({Error}); the alert may show the old state")]
    private static partial void LogAnnounceFailed(ILogger logger, string subject, string method, string error);
}

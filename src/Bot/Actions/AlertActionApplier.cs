using System.Collections.Concurrent;
using System.Globalization;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Actions;

/// <summary>The outcome of one reason-modal submission; <see cref="Error"/> is shown to the person when set.</summary>
public sealed record FindingActionOutcome(bool Changed, string? Error)
{
    public static FindingActionOutcome Success { get; } = new(true, null);

    public static FindingActionOutcome Failed(string error) => new(false, error);
}

/// <summary>
/// Applies Resolve / Suppress / Reopen to the findings of one alert: a single alert's finding is a group of
/// one, a grouped alert's members are the findings whose UserDefinedFields["sechubbot:thread"] is the
/// alert's "&lt;channel&gt;/&lt;ts&gt;" (its metadata holds only the size, so Security Hub is the list).
/// <list type="bullet">
/// <item>Serialised per finding (single) or per alert thread (group) in this process, so a double click,
/// a second person or a retry after a partial failure changes each finding at most once.</item>
/// <item>Findings already in the target state are skipped. BatchUpdateFindings "can take several minutes"
/// to show in GetFindings, so the freshest knowledge wins: what this pod applied in the last minutes, else
/// (single) the state the alert shows (its metadata, which we update right after a change and Slack returns
/// at once), else Security Hub's. A group's Reopen reopens the members in the state the alert shows (what
/// the group action set), not every closed finding.</item>
/// <item>What Security Hub leaves unprocessed is reported with counts; nothing claims success that did not
/// happen, and a group's alert says how many members changed, never "all" when not all did.</item>
/// <item>On success the parent alert is re-drawn by the one <see cref="AlertComposer"/> from the findings and
/// the new state (never from Slack's copy of its blocks) and the thread gets an audit reply.</item>
/// </list>
/// </summary>
public sealed partial class AlertActionApplier(
    SecurityHubClient securityHub,
    SlackApiClient slack,
    UserDirectory users,
    IFindingExplainer explainer,
    TimeProvider time,
    ILogger<AlertActionApplier> logger)
{
    private static readonly AlertComposer Composer = new();

    /// <summary>BatchUpdateFindings' own limit; chunking here lets a failure half way be reported honestly.</summary>
    private const int BatchSize = 100;

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
            var members = await MembersAsync(action, cancellationToken).ConfigureAwait(false);
            if (members.Count == 0)
            {
                LogNoMembers(logger, subject);
                return FindingActionOutcome.Failed(action.Group
                    ? "Security Hub has no findings that carry this alert's thread (or this bot's AWS identity cannot see them). Nothing was changed."
                    : "Security Hub no longer has this finding (or this bot's AWS identity cannot see it). Nothing was changed.");
            }

            var target = action.Target;
            var parent = await ReadParentAsync(action, cancellationToken).ConfigureAwait(false);
            var metadata = parent?.Metadata?.AsFindingAlert();

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
            var (processed, unprocessed) = await UpdateAsync(todo, target, new FindingNoteUpdate(NoteText(reason, name), userId), cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var id in processed)
            {
                _recent[id] = (target, now);
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
            var counts = action.Group ? new GroupChangeCounts(processed.Count, total - todo.Count + processed.Count, total) : null;
            var state = AlertState.ChangedBy(action.TargetStatus, name, now, reason.Trim(), counts);
            await AnnounceAsync(action, members, state, cancellationToken).ConfigureAwait(false);
            return new FindingActionOutcome(true, error);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the action is serialised on and logged as: the finding id, or the group alert's thread.</summary>
    private static string Subject(FindingAction action) => action.Group ? action.Thread.ToString() : action.FindingId;

    private async Task<List<Finding>> MembersAsync(FindingAction action, CancellationToken cancellationToken)
    {
        if (!action.Group)
        {
            return [.. await securityHub.GetFindingsByIdsAsync([action.Finding], cancellationToken).ConfigureAwait(false)];
        }

        var members = new List<Finding>();
        await foreach (var finding in securityHub.GetFindingsByUserDefinedFieldAsync(ThreadFields.Thread, action.Thread.ToString(), cancellationToken).ConfigureAwait(false))
        {
            members.Add(finding);
        }

        return members;
    }

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

    /// <summary>What this pod applied recently, else what a single alert shows, else Security Hub's state.</summary>
    private WorkflowStatus Known(Finding member, WorkflowStatus? shown) =>
        _recent.TryGetValue(member.Id, out var recent) && time.GetUtcNow() - recent.At < RecentLifetime ? recent.Status : shown ?? member.Workflow;

    /// <summary>The workflow state behind the status an alert shows (its metadata: today's words, or an old alert's workflow names); null when it names none.</summary>
    private static WorkflowStatus? WorkflowShown(string? status) => AlertStatuses.FromWire(status)?.WorkflowToSet();

    /// <summary>
    /// BatchUpdateFindings per distinct sechubbot:status value (it depends on each finding's compliance), in
    /// chunks of 100. A chunk that fails after others succeeded counts as unprocessed with the error's code,
    /// so the outcome still says what did change; a failure before anything changed is thrown as usual.
    /// </summary>
    private async Task<(List<string> Processed, List<UnprocessedFinding> Unprocessed)> UpdateAsync(
        List<Finding> todo, WorkflowStatus target, FindingNoteUpdate note, CancellationToken cancellationToken)
    {
        var processed = new List<string>();
        var unprocessed = new List<UnprocessedFinding>();
        var batches = todo
            .GroupBy(m => AlertStatuses.Of(m with { Workflow = target }).ToWire(), StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(BatchSize).Select(chunk => (Status: g.Key, Findings: chunk)))
            .ToList();
        foreach (var (status, findings) in batches)
        {
            try
            {
                var result = await securityHub.BatchUpdateFindingsAsync(
                    new BatchUpdateFindingsRequest
                    {
                        Findings = [.. findings.Select(f => f.Ref)],
                        Workflow = target,
                        Note = note,

                        // What the alert will show, so Ingest takes the event this update raises for our own echo.
                        UserDefinedFields = new Dictionary<string, string> { [ThreadFields.Status] = status },
                    },
                    cancellationToken).ConfigureAwait(false);
                processed.AddRange(result.Processed.Select(f => f.Id));
                unprocessed.AddRange(result.Unprocessed);
            }
            catch (Exception ex) when (processed.Count > 0 && ex is SecurityHubException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                var code = ex is SecurityHubException sh ? sh.Code : ex.GetType().Name;
                unprocessed.AddRange(findings.Select(f => new UnprocessedFinding(f.Ref, code, ex.Message)));
            }
        }

        return (processed, unprocessed);
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

    /// <summary>The alert message (its blocks and metadata); null if Slack cannot return it (then Security Hub decides alone).</summary>
    private async Task<ConversationMessage?> ReadParentAsync(FindingAction action, CancellationToken cancellationToken)
    {
        try
        {
            var page = await slack.GetRepliesPageAsync(action.Channel, action.MessageTs, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return page.Messages.FirstOrDefault(m => m.Ts == action.MessageTs);
        }
        catch (SlackApiException ex)
        {
            LogParentUnreadable(logger, action.Thread.ToString(), ex.Error);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} changed; the explanation for its alert failed ({Error}), so the alert is re-drawn without it")]
    private static partial void LogExplainFailed(ILogger logger, string subject, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subject} changed, but Slack {Method} failed ({Error}); the alert may show the old state")]
    private static partial void LogAnnounceFailed(ILogger logger, string subject, string method, string error);
}

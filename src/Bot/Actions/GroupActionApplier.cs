using System.Collections.Concurrent;
using System.Globalization;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Actions;

/// <summary>
/// Applies a grouped alert's Resolve / Suppress / Reopen to its members: the findings whose
/// UserDefinedFields["sechubbot:thread"] is the alert's "&lt;channel&gt;/&lt;ts&gt;" (the alert's metadata
/// holds only the group size, so Security Hub is the list). Serialised per alert thread in this process;
/// members already in the target state are skipped, so a duplicate submission or a retry after a
/// partial failure changes each member at most once. Reopen reopens the members in the state the alert
/// shows (what the group action set), not every closed finding. What Security Hub leaves unprocessed is
/// reported with counts, and the alert says how many members changed, never "all" when not all did.
/// </summary>
public sealed partial class GroupActionApplier(
    SecurityHubClient securityHub, SlackApiClient slack, UserDirectory users, TimeProvider time, ILogger<GroupActionApplier> logger)
{
    /// <summary>BatchUpdateFindings' own limit; chunking here lets a failure half way be reported honestly.</summary>
    private const int BatchSize = 100;

    private static readonly TimeSpan RecentLifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    // BatchUpdateFindings "can take several minutes" to show in GetFindings: what this pod applied recently wins.
    private readonly ConcurrentDictionary<string, (WorkflowStatus Status, DateTimeOffset At)> _recent = new(StringComparer.Ordinal);

    public async Task<FindingActionOutcome> ApplyAsync(FindingAction action, string userId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var thread = action.ThreadRef;
        var gate = _locks.GetOrAdd(thread, _ => new SemaphoreSlim(1, 1));
        return await ActionGuard.RunAsync(gate, logger, async () =>
        {
            var members = new List<Finding>();
            await foreach (var finding in securityHub.GetFindingsByUserDefinedFieldAsync(ThreadFields.Thread, thread, cancellationToken).ConfigureAwait(false))
            {
                members.Add(finding);
            }

            if (members.Count == 0)
            {
                LogNoMembers(logger, thread);
                return FindingActionOutcome.Failed("Security Hub has no findings that carry this alert's thread (or this bot's AWS identity cannot see them). Nothing was changed.");
            }

            var target = action.Target;
            var parent = await ReadParentAsync(action, cancellationToken).ConfigureAwait(false);
            var metadata = parent?.Metadata?.AsFindingAlert();
            var todo = members.Where(m => Needs(action, Known(m), metadata?.Status)).ToList();
            var total = members.Count;
            if (todo.Count == 0)
            {
                LogNothingToDo(logger, thread, target.ToString());
                return FindingActionOutcome.Failed($"All {Count(total)} findings of this alert are already {Label(action)}; nothing was changed.");
            }

            var name = await users.DisplayNameAsync(userId, cancellationToken).ConfigureAwait(false);
            var (processed, unprocessed) = await UpdateAsync(todo, target, new FindingNoteUpdate(FindingActionApplier.NoteText(reason, name), userId), cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var id in processed)
            {
                _recent[id] = (target, now);
            }

            LogApplied(logger, thread, target.ToString(), processed.Count, total, userId);
            string? error = null;
            if (unprocessed.Count > 0)
            {
                var codes = string.Join(", ", unprocessed.Select(u => u.ErrorCode).Distinct(StringComparer.Ordinal).Take(5));
                LogUnprocessed(logger, thread, unprocessed.Count, codes);
                error = $"{Count(unprocessed.Count)} of {Count(total)} findings were not updated ({codes}). " +
                        (processed.Count > 0 ? $"{Count(processed.Count)} were set to {Label(action)} and the alert says so; submit again to retry the rest." : "Nothing was changed; try again.");
            }

            if (processed.Count == 0)
            {
                return FindingActionOutcome.Failed(error ?? "Nothing was changed; try again.");
            }

            var counts = new GroupChangeCounts(processed.Count, total - todo.Count + processed.Count, total);
            await AnnounceAsync(action, parent, metadata, new AlertStatusChange(target, userId, name, now, reason.Trim(), counts), cancellationToken).ConfigureAwait(false);
            return new FindingActionOutcome(true, error);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a member still needs the change. Reopen: only members in the state the alert shows (RESOLVED or
    /// SUPPRESSED, what the group action set); none when it shows open; any closed member when the alert is unreadable.
    /// </summary>
    private static bool Needs(FindingAction action, WorkflowStatus known, string? shownStatus)
    {
        if (action.Action != FindingAction.Reopen)
        {
            return known != action.Target;
        }

        if (shownStatus is null)
        {
            return known is WorkflowStatus.Resolved or WorkflowStatus.Suppressed;
        }

        // An alert that already shows open (a repeated Reopen) has nothing left to reopen.
        return Enum.TryParse<WorkflowStatus>(shownStatus, ignoreCase: true, out var shown) && shown is WorkflowStatus.Resolved or WorkflowStatus.Suppressed && known == shown;
    }

    private WorkflowStatus Known(Finding member) =>
        _recent.TryGetValue(member.Id, out var recent) && time.GetUtcNow() - recent.At < RecentLifetime ? recent.Status : member.Workflow;

    /// <summary>
    /// BatchUpdateFindings per distinct sechubbot:status value (it depends on each member's compliance), in
    /// chunks of 100. A chunk that fails after others succeeded counts as unprocessed with the error's code,
    /// so the outcome still says what did change; a failure before anything changed is thrown as usual.
    /// </summary>
    private async Task<(List<string> Processed, List<UnprocessedFinding> Unprocessed)> UpdateAsync(
        List<Finding> todo, WorkflowStatus target, FindingNoteUpdate note, CancellationToken cancellationToken)
    {
        var processed = new List<string>();
        var unprocessed = new List<UnprocessedFinding>();
        var batches = todo
            .GroupBy(m => FindingConditions.Of(m with { Workflow = target }).ToWire(), StringComparer.Ordinal)
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

    /// <summary>Members have changed; Slack failures from here on are logged, and the change stands.</summary>
    private async Task AnnounceAsync(FindingAction action, ConversationMessage? parent, FindingAlertMetadata? metadata, AlertStatusChange change, CancellationToken cancellationToken)
    {
        try
        {
            var group = metadata ?? new FindingAlertMetadata();
            group = group with { GroupSize = group.GroupSize is > 0 ? group.GroupSize : change.Group!.Total };
            var update = AlertStatusComposer.Compose(
                action.Channel, action.MessageTs, parent?.Text ?? "Security Hub findings", parent?.Blocks, group, finding: null, change);
            await slack.UpdateMessageAsync(update, cancellationToken).ConfigureAwait(false);
            await slack.PostMessageAsync(AlertStatusComposer.ComposeThreadReply(action.Channel, action.MessageTs, change), cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogAnnounceFailed(logger, action.ThreadRef, ex.Method, ex.Error);
        }
    }

    /// <summary>The alert message (its blocks and metadata); null if Slack cannot return it.</summary>
    private async Task<ConversationMessage?> ReadParentAsync(FindingAction action, CancellationToken cancellationToken)
    {
        try
        {
            var page = await slack.GetRepliesPageAsync(action.Channel, action.MessageTs, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return page.Messages.FirstOrDefault(m => m.Ts == action.MessageTs);
        }
        catch (SlackApiException ex)
        {
            LogParentUnreadable(logger, action.ThreadRef, ex.Error);
            return null;
        }
    }

    private static string Label(FindingAction action) => action.Target.ToString().ToUpperInvariant();

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "No findings carry thread {Thread}; nothing applied")]
    private static partial void LogNoMembers(ILogger logger, string thread);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every member of {Thread} is already {Status}; nothing applied")]
    private static partial void LogNothingToDo(ILogger logger, string thread, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {Thread}: {Count} of {Total} findings set to {Status} by {UserId}")]
    private static partial void LogApplied(ILogger logger, string thread, string status, int count, int total, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Thread}: {Count} findings unprocessed ({ErrorCodes})")]
    private static partial void LogUnprocessed(ILogger logger, string thread, int count, string errorCodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the alert {Thread} ({Error}); reopening every closed member")]
    private static partial void LogParentUnreadable(ILogger logger, string thread, string error);



    [LoggerMessage(Level = LogLevel.Error, Message = "Group {Thread} changed, but Slack {Method} failed ({Error}); the alert may show the old state")]
    private static partial void LogAnnounceFailed(ILogger logger, string thread, string method, string error);
}

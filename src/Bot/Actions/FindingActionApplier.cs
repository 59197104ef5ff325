using System.Collections.Concurrent;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
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
/// Applies Resolve / Suppress / Reopen once: serialised per finding in this process, and skipped when the
/// finding already is in the target state (a double click, a second person, another pod that got there
/// first). BatchUpdateFindings "can take several minutes" to show in GetFindings, so the freshest
/// knowledge wins: what this pod applied in the last minutes, else the state the alert shows (its
/// metadata, which we update right after a change and Slack returns at once), else Security Hub's. On success the parent alert is updated (state, who, when, why, Reopen) and the thread
/// gets an audit reply; on UnprocessedFindings or an error nothing claims success and the error is returned.
/// </summary>
public sealed partial class FindingActionApplier(
    SecurityHubClient securityHub, SlackApiClient slack, UserDirectory users, TimeProvider time, ILogger<FindingActionApplier> logger)
{
    private static readonly TimeSpan RecentLifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (WorkflowStatus Status, DateTimeOffset At)> _recent = new(StringComparer.Ordinal);

    /// <summary>Security Hub's Note.Text: "&lt;reason&gt; — &lt;name&gt; via Slack", cut to 512 characters by shortening the reason.</summary>
    public static string NoteText(string reason, string name)
    {
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
        var gate = _locks.GetOrAdd(action.FindingId, _ => new SemaphoreSlim(1, 1));
        return await ActionGuard.RunAsync(gate, logger, async () =>
        {
            var target = action.Target;
            var current = (await securityHub.GetFindingsByIdsAsync([action.Finding], cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (current is null)
            {
                return FindingActionOutcome.Failed("Security Hub no longer has this finding (or this bot's AWS identity cannot see it). Nothing was changed.");
            }

            var parent = await ReadParentAsync(action, cancellationToken).ConfigureAwait(false);
            var known = KnownState(action.FindingId, parent?.Metadata?.AsFindingAlert()?.Status) ?? current.Workflow;
            if (known == target || (action.Action == FindingAction.Reopen && known is WorkflowStatus.New or WorkflowStatus.Notified))
            {
                LogAlreadyInState(logger, action.FindingId, known.ToString());
                return FindingActionOutcome.Failed($"This finding is already {known.ToString().ToUpperInvariant()}; nothing was changed.");
            }

            var name = await users.DisplayNameAsync(userId, cancellationToken).ConfigureAwait(false);
            var result = await securityHub.BatchUpdateFindingsAsync(
                new BatchUpdateFindingsRequest
                {
                    Findings = [action.Finding],
                    Workflow = target,
                    Note = new FindingNoteUpdate(NoteText(reason, name), userId),

                    // What the alert will show, so Ingest takes the event this update raises for our own echo.
                    UserDefinedFields = new Dictionary<string, string>
                    {
                        [ThreadFields.Status] = FindingConditions.Of(current with { Workflow = target }).ToWire(),
                    },
                },
                cancellationToken).ConfigureAwait(false);
            if (!result.AllProcessed)
            {
                var failure = result.Unprocessed[0];
                LogUnprocessed(logger, action.FindingId, failure.ErrorCode);
                return FindingActionOutcome.Failed($"Security Hub did not update the finding ({failure.ErrorCode}: {failure.ErrorMessage}). Nothing was changed; try again.");
            }

            LogApplied(logger, action.FindingId, target.ToString(), userId);
            _recent[action.FindingId] = (target, time.GetUtcNow());
            await AnnounceAsync(action, parent, new AlertStatusChange(target, userId, name, time.GetUtcNow(), reason.Trim()), cancellationToken).ConfigureAwait(false);
            return FindingActionOutcome.Success;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The finding has changed; Slack failures from here on are logged, and the change stands.</summary>
    private async Task AnnounceAsync(FindingAction action, ConversationMessage? parent, AlertStatusChange change, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = parent?.Metadata?.AsFindingAlert() ?? new Core.Slack.Messages.FindingAlertMetadata { FindingId = action.FindingId, ProductArn = action.ProductArn };
            var update = AlertStatusComposer.Compose(
                action.Channel, action.MessageTs, parent?.Text ?? "Security Hub finding", parent?.Blocks, metadata, action.Finding, change);
            await slack.UpdateMessageAsync(update, cancellationToken).ConfigureAwait(false);
            await slack.PostMessageAsync(AlertStatusComposer.ComposeThreadReply(action.Channel, action.MessageTs, change), cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogAnnounceFailed(logger, action.FindingId, ex.Method, ex.Error);
        }
    }

    /// <summary>What this pod applied recently, else what the alert shows; null when neither knows.</summary>
    private WorkflowStatus? KnownState(string findingId, string? shownStatus)
    {
        if (_recent.TryGetValue(findingId, out var recent) && time.GetUtcNow() - recent.At < RecentLifetime)
        {
            return recent.Status;
        }

        return Enum.TryParse<WorkflowStatus>(shownStatus, ignoreCase: true, out var shown) && Enum.IsDefined(shown) ? shown : null;
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
            LogParentUnreadable(logger, action.FindingId, ex.Error);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the alert for {FindingId} ({Error}); deciding from Security Hub's state")]
    private static partial void LogParentUnreadable(ILogger logger, string findingId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finding {FindingId} is already {Status}; nothing applied")]
    private static partial void LogAlreadyInState(ILogger logger, string findingId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BatchUpdateFindings left {FindingId} unprocessed: {ErrorCode}")]
    private static partial void LogUnprocessed(ILogger logger, string findingId, string errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finding {FindingId} set to {Status} by {UserId}")]
    private static partial void LogApplied(ILogger logger, string findingId, string status, string userId);



    [LoggerMessage(Level = LogLevel.Error, Message = "Finding {FindingId} changed, but Slack {Method} failed ({Error}); the alert may show the old state")]
    private static partial void LogAnnounceFailed(ILogger logger, string findingId, string method, string error);
}

using SecHubBot.Core.Findings;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>What to do with a finding, decided from Security Hub's current state of it.</summary>
internal enum AlertAction
{
    /// <summary>No thread yet and the filter policy says alert: post a parent and the first reply.</summary>
    New,

    /// <summary>A thread exists and what it shows is no longer true: reply in it and update the parent.</summary>
    Update,

    /// <summary>A thread exists but its first reply was never posted (Slack failed after the parent): post it now.</summary>
    Resume,

    /// <summary>A thread exists and nothing alert-worthy changed (our own write-back's echo, a re-import).</summary>
    Silent,

    /// <summary>No thread and the filter policy says skip.</summary>
    Filtered,
}

internal sealed record AlertDecision(AlertAction Action, Finding Current, ThreadRef? Thread, FindingCondition Condition, string Reason)
{
    public FilterDecision Filter { get; init; } = FilterDecision.Alert;

    /// <summary>Size of the group the finding's thread belongs to, or null for a single-finding thread.</summary>
    public int? GroupSize { get; init; }
}

/// <summary>
/// New alert, update of the existing thread, or silence, for one finding as Security Hub has it now.
/// The finding's own <c>UserDefinedFields</c> are the memory: <c>sechubbot:thread</c> says a thread
/// exists, <c>sechubbot:status</c> says which <see cref="FindingCondition"/> it shows. Our write-back
/// (NEW → NOTIFIED, the two fields) leaves the condition as the thread shows it, so its echo is silent;
/// a resolve or suppress in the console, a PASSED check, or a failure after passing changes it.
/// </summary>
internal static class AlertStateDecision
{
    public static AlertDecision Decide(Finding current, FilterPolicy filter)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(filter);
        var condition = FindingConditions.Of(current);
        current.UserDefinedFields.TryGetValue(ThreadRef.FieldKey, out var field);
        if (!ThreadRef.TryParse(field, out var thread))
        {
            var verdict = filter.Evaluate(current);
            return verdict.ShouldAlert
                ? new AlertDecision(AlertAction.New, current, null, condition, "no thread yet")
                : new AlertDecision(AlertAction.Filtered, current, null, condition, verdict.Message ?? "filtered") { Filter = verdict };
        }

        current.UserDefinedFields.TryGetValue(ThreadRef.StatusKey, out var shownText);
        var groupSize = current.UserDefinedFields.TryGetValue(ThreadRef.GroupKey, out var g) && int.TryParse(g, out var n) && n > 0 ? n : (int?)null;
        if (string.Equals(shownText, ThreadRef.PendingStatus, StringComparison.Ordinal))
        {
            return new AlertDecision(AlertAction.Resume, current, thread, condition, "the thread's first reply was not posted yet") { GroupSize = groupSize };
        }

        // A thread written by an older build (or by hand) without a status is taken to show "open".
        var shown = FindingConditions.FromWire(shownText) ?? FindingCondition.Open;
        return shown == condition
            ? new AlertDecision(AlertAction.Silent, current, thread, condition, $"the thread already shows it {condition.ToWire()}") { GroupSize = groupSize }
            : new AlertDecision(AlertAction.Update, current, thread, condition, $"{shown.ToWire()} → {condition.ToWire()}") { GroupSize = groupSize };
    }
}

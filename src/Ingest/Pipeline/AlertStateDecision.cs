using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.Store;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>What to do with a finding, decided from Security Hub's current state of it and the store of record.</summary>
internal enum AlertAction
{
    /// <summary>No thread yet and the filter policy says alert: claim it, then post a parent and the first reply (or join its storm's thread).</summary>
    New,

    /// <summary>A thread exists and what it shows is no longer true: reply in it and update the parent.</summary>
    Update,

    /// <summary>A thread exists but its first reply was never posted (Slack failed after the parent): post it now.</summary>
    Resume,

    /// <summary>A thread exists and nothing alert-worthy changed (our own write-back's echo, a re-import).</summary>
    Silent,

    /// <summary>No thread and the filter policy says skip.</summary>
    Filtered,

    /// <summary>Another instance holds the claim to post it: wait (bounded) for its thread, else leave the record for redelivery.</summary>
    HeldElsewhere,
}

internal sealed record AlertDecision(AlertAction Action, Finding Current, ThreadRef? Thread, AlertStatus Status, string Reason)
{
    public FilterDecision Filter { get; init; } = FilterDecision.Alert;

    /// <summary>The storm group the finding's thread belongs to, per the store.</summary>
    public StoreKey? Group { get; init; }

    /// <summary>The channel this decision is about: a finding routed to several channels has a record, a decision and a thread in each.</summary>
    public string Channel { get; init; } = string.Empty;

    /// <summary>Where the routing rules send the finding (its account's name, the mention, the rule).</summary>
    public AlertRoute? Route { get; init; }
}

/// <summary>
/// New alert, update of the existing thread, or silence, for one finding as Security Hub has it now. The
/// store of record is the memory: its finding record says which thread exists and which
/// <see cref="AlertStatus"/> we last wrote there. The finding's own <c>UserDefinedFields</c> are
/// never read: anyone who may update findings can write them (issue 11's hijack). Our write-back
/// (NEW → NOTIFIED) leaves the status as the thread shows it, so its echo is silent; a resolve or
/// suppress in the console, a PASSED check, or a failure after passing changes it.
/// </summary>
internal static class AlertStateDecision
{
    public static AlertDecision Decide(Finding current, StoreRecord? record, FilterPolicy filter, string channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(filter);
        var status = AlertStatuses.Of(current);
        if (record is { State: ClaimState.InProgress } && record.IsHeld(now))
        {
            return new AlertDecision(AlertAction.HeldElsewhere, current, null, status, "another instance is posting it");
        }

        if (record is not { State: ClaimState.Completed, Thread: { } stored })
        {
            var verdict = filter.Evaluate(current);
            return verdict.ShouldAlert
                ? new AlertDecision(AlertAction.New, current, null, status, record is null ? "no thread yet" : "a crashed claim to take over")
                : new AlertDecision(AlertAction.Filtered, current, null, status, verdict.Message ?? "filtered") { Filter = verdict };
        }

        var thread = new ThreadRef(stored.Channel, stored.Ts);
        if (!string.Equals(stored.Channel, channel, StringComparison.Ordinal))
        {
            // A thread ref is used only in a channel we post to; an alert moved elsewhere by configuration stays where it was.
            return new AlertDecision(AlertAction.Silent, current, null, status, $"its thread is in {stored.Channel}, where this instance does not post");
        }

        if (string.Equals(record.Status, ThreadFields.PendingStatus, StringComparison.Ordinal))
        {
            return new AlertDecision(AlertAction.Resume, current, thread, status, "the thread's first reply was not posted yet") { Group = record.Group };
        }

        var shown = AlertStatuses.FromWire(record.Status) ?? AlertStatus.Open;
        return shown == status
            ? new AlertDecision(AlertAction.Silent, current, thread, status, $"the thread already shows it {status.ToWire()}") { Group = record.Group }
            : new AlertDecision(AlertAction.Update, current, thread, status, $"{shown.ToWire()} → {status.ToWire()}") { Group = record.Group };
    }
}

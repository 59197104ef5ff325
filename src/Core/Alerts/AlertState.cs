using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// An alert's state as its messages show it: the status, and who changed it, when and why. <see cref="By"/>
/// is a person's display name when the change came from Slack; null when Security Hub reported it (a change
/// in the console, an automation, a control check), which is what <see cref="Reported"/> builds.
/// </summary>
public sealed record AlertState(AlertStatus Status)
{
    /// <summary>Who made the change: a display name (untrusted text, escaped when shown), or null for Security Hub.</summary>
    public string? By { get; init; }

    public DateTimeOffset? At { get; init; }

    /// <summary>Why, as the person wrote it (or Security Hub's note); untrusted text, escaped when shown.</summary>
    public string? Reason { get; init; }

    /// <summary>For a change to a grouped alert: how many members it reached. Null for a single finding.</summary>
    public GroupChangeCounts? Reach { get; init; }

    /// <summary>A fresh alert: open, nobody has acted.</summary>
    public static AlertState Open { get; } = new(AlertStatus.Open);

    /// <summary>A change a person made from Slack (Resolve, Suppress, Reopen).</summary>
    public static AlertState ChangedBy(AlertStatus status, string displayName, DateTimeOffset at, string reason, GroupChangeCounts? reach = null) =>
        new(status) { By = displayName, At = at, Reason = reason, Reach = reach };

    /// <summary>A change Security Hub reported (console, automation, control check), seen by SecHubBot at <paramref name="seenAt"/>.</summary>
    public static AlertState Reported(AlertStatus status, DateTimeOffset seenAt) => new(status) { At = seenAt };

    /// <summary>
    /// What Security Hub says about <paramref name="finding"/> now, its note taken as the who, when and why (the
    /// note is the last one written, which for a closed finding is usually the closing one). Without a note
    /// the state is reported by Security Hub as of the finding's last update.
    /// </summary>
    public static AlertState Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Note is { } note
            ? new AlertState(AlertStatuses.Of(finding)) { By = note.UpdatedBy, At = note.UpdatedAt ?? finding.UpdatedAt, Reason = note.Text }
            : new AlertState(AlertStatuses.Of(finding)) { At = finding.UpdatedAt };
    }

    /// <summary>Whether a person made the change from Slack.</summary>
    public bool ByPerson => By is not null;
}

/// <summary>
/// A group change's reach: <paramref name="Changed"/> members updated by this action, <paramref name="InState"/>
/// members now in the new state (changed plus those that already were), <paramref name="Total"/> members of the alert.
/// </summary>
public sealed record GroupChangeCounts(int Changed, int InState, int Total)
{
    public bool Complete => InState >= Total;
}

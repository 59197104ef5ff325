using SecHubBot.Core.Alerts;

namespace SecHubBot.Core.Findings;

/// <summary>
/// The former name of <see cref="AlertStatus"/>, with the same values in the same order. It stays only while
/// the Ingest pipeline and the Bot's appliers still name it, and maps through <see cref="AlertStatuses"/> so
/// the vocabulary exists once.
/// </summary>
public enum FindingCondition
{
    Open = AlertStatus.Open,
    Resolved = AlertStatus.Resolved,
    Suppressed = AlertStatus.Suppressed,
    Passed = AlertStatus.Passed,
    Archived = AlertStatus.Archived,
}

public static class FindingConditions
{
    public static FindingCondition Of(Finding finding) => (FindingCondition)AlertStatuses.Of(finding);

    public static string ToWire(this FindingCondition condition) => ((AlertStatus)condition).ToWire();

    public static FindingCondition? FromWire(string? value) => (FindingCondition?)AlertStatuses.FromWire(value);

    public static bool IsClosed(this FindingCondition condition) => ((AlertStatus)condition).IsClosed();
}

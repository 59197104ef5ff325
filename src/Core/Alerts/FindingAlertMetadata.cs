namespace SecHubBot.Core.Alerts;

/// <summary>
/// What every alert carries so any reply in its thread can find its finding (docs/architecture.md, "Alert metadata").
/// Grouped alerts carry the control, account, region and group size instead of every id.
/// </summary>
public sealed record FindingAlertMetadata
{
    public const string EventType = "sechub_finding";

    public string? FindingId { get; init; }

    public string? ProductArn { get; init; }

    public string? ControlId { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? Severity { get; init; }

    /// <summary>Number of findings in a grouped alert; null for a single finding.</summary>
    public int? GroupSize { get; init; }

    /// <summary>
    /// What the parent currently shows, in the alert vocabulary (<c>open</c>, <c>resolved</c>, ...; see
    /// Alerts.AlertStatuses). Alerts posted before it carry Security Hub's workflow names (NOTIFIED, RESOLVED).
    /// </summary>
    public string? Status { get; init; }

    /// <summary>The finding format the ids come from: <see cref="AsffSchema"/> or <see cref="OcsfSchema"/>.</summary>
    public string? Schema { get; init; }

    public const string AsffSchema = "asff";

    public const string OcsfSchema = "ocsf";
}

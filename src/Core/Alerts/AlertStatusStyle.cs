namespace SecHubBot.Core.Alerts;

/// <summary>How an alert status looks in Slack: one emoji and one word each, the same in every message.</summary>
public static class AlertStatusStyle
{
    /// <summary>Resolved (a person's decision) and Passed (the check itself) are told apart at a glance.</summary>
    public static string Emoji(AlertStatus status) => status switch
    {
        AlertStatus.Open => ":arrows_counterclockwise:",
        AlertStatus.Resolved => ":heavy_check_mark:",
        AlertStatus.Suppressed => ":no_bell:",
        AlertStatus.Passed => ":white_check_mark:",
        _ => ":file_cabinet:",
    };

    public static string Label(AlertStatus status) => status switch
    {
        AlertStatus.Open => "Open",
        AlertStatus.Resolved => "Resolved",
        AlertStatus.Suppressed => "Suppressed",
        AlertStatus.Passed => "Passed",
        _ => "Archived",
    };
}

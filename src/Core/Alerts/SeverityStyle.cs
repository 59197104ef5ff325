using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>How a severity looks in Slack: an emoji shortcode Slack renders in plain_text and mrkdwn.</summary>
public static class SeverityStyle
{
    public static string Emoji(SeverityLabel label) => label switch
    {
        SeverityLabel.Critical => ":rotating_light:",
        SeverityLabel.High => ":red_circle:",
        SeverityLabel.Medium => ":large_orange_circle:",
        SeverityLabel.Low => ":large_yellow_circle:",
        _ => ":large_blue_circle:",
    };
}

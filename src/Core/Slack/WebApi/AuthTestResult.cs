namespace SecHubBot.Core.Slack.WebApi;

/// <summary>auth.test's answer: who the bot token belongs to (the Bot ignores its own messages by <see cref="BotId"/>/<see cref="UserId"/>).</summary>
/// <remarks>https://docs.slack.dev/reference/methods/auth.test</remarks>
public sealed record AuthTestResult
{
    public string? Url { get; init; }

    public string? Team { get; init; }

    public string? User { get; init; }

    public string? TeamId { get; init; }

    public string? UserId { get; init; }

    public string? BotId { get; init; }
}

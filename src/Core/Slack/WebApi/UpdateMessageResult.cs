namespace SecHubBot.Core.Slack.WebApi;

/// <summary>What chat.update answers.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.update</remarks>
public sealed record UpdateMessageResult
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public string? Text { get; init; }
}

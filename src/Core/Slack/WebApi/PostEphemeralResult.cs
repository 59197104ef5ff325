namespace SecHubBot.Core.Slack.WebApi;

/// <summary>What chat.postEphemeral answers. Ephemeral messages cannot be updated by ts later; use response_url for that.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.postEphemeral</remarks>
public sealed record PostEphemeralResult
{
    public required string MessageTs { get; init; }
}

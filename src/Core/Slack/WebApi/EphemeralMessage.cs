using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>The body of chat.postEphemeral: visible to <see cref="User"/> only, in <see cref="Channel"/>.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.postEphemeral</remarks>
public sealed record EphemeralMessage
{
    public required string Channel { get; init; }

    /// <summary>The only user who sees it; they must be a member of the channel.</summary>
    public required string User { get; init; }

    /// <summary>Fallback text; mrkdwn, escaped.</summary>
    public required string Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    /// <summary>Show it inside this thread.</summary>
    public string? ThreadTs { get; init; }
}

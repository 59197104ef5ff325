using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// A message posted to an interaction's response_url. A response_url works up to 5 times within 30 minutes
/// and needs no token.
/// </summary>
/// <remarks>https://docs.slack.dev/interactivity/handling-user-interaction#message_responses</remarks>
public sealed record ResponseUrlMessage
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";

    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    /// <summary><c>ephemeral</c> (default on Slack's side) or <c>in_channel</c>.</summary>
    public string? ResponseType { get; init; }

    /// <summary>Replace the message the interaction came from.</summary>
    public bool? ReplaceOriginal { get; init; }

    /// <summary>Delete the message the interaction came from.</summary>
    public bool? DeleteOriginal { get; init; }

    public string? ThreadTs { get; init; }
}

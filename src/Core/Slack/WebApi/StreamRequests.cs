using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The body of chat.startStream: a reply in <see cref="ThreadTs"/> whose markdown text grows with
/// chat.appendStream until chat.stopStream. In a channel Slack requires the recipient user and team.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.startStream</remarks>
public sealed record StartStreamRequest
{
    public required string Channel { get; init; }

    /// <summary>Streamed messages are always replies to a person's request.</summary>
    public required string ThreadTs { get; init; }

    /// <summary>Standard Markdown, at most 12,000 characters.</summary>
    public string? MarkdownText { get; init; }

    /// <summary>Required in channels: the user the answer is for.</summary>
    public string? RecipientUserId { get; init; }

    /// <summary>Required in channels: that user's team.</summary>
    public string? RecipientTeamId { get; init; }
}

/// <summary>The body of chat.appendStream: text appended to the streaming message.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.appendStream</remarks>
public sealed record AppendStreamRequest(string Channel, string Ts, string MarkdownText);

/// <summary>The body of chat.stopStream: ends the stream, optionally with final text, blocks and metadata.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.stopStream</remarks>
public sealed record StopStreamRequest
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public string? MarkdownText { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public MessageMetadata? Metadata { get; init; }
}

/// <summary>What the streaming methods answer: the streaming message's channel and ts.</summary>
public sealed record StreamResult
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }
}

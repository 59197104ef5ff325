using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The body of chat.startStream: a reply in <see cref="ThreadTs"/> whose markdown text grows with
/// chat.appendStream until chat.stopStream. Outside a DM Slack requires the recipient user and team
/// (missing_recipient_user_id / missing_recipient_team_id otherwise). A stream opened with
/// markdown_text takes markdown_text for the rest of its life, so SecHubBot never sends chunks.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.startStream (Tier 2)</remarks>
public sealed record StartStreamRequest
{
    public required string Channel { get; init; }

    /// <summary>Streamed messages are always replies to a person's request (the parent's ts).</summary>
    public required string ThreadTs { get; init; }

    /// <summary>Standard Markdown, at most <see cref="StreamLimits.MarkdownText"/> characters.</summary>
    public string? MarkdownText { get; init; }

    /// <summary>Required in channels: the user the answer is for.</summary>
    public string? RecipientUserId { get; init; }

    /// <summary>Required in channels: that user's team.</summary>
    public string? RecipientTeamId { get; init; }
}

/// <summary>The body of chat.appendStream: Markdown appended to the streaming message.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.appendStream (Tier 4)</remarks>
public sealed record AppendStreamRequest(string Channel, string Ts, string MarkdownText);

/// <summary>
/// The body of chat.stopStream: ends the stream, optionally with final Markdown, blocks rendered below
/// it (at most 50) and metadata. A stream is stopped once; after that every call answers
/// message_not_in_streaming_state.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.stopStream (Tier 2)</remarks>
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

/// <summary>Slack's documented sizes for the streaming methods.</summary>
public static class StreamLimits
{
    /// <summary>"Limit this field to 12,000 characters" (markdown_text of start, append and stop).</summary>
    public const int MarkdownText = 12000;

    /// <summary>chat.stopStream's blocks array, separate from any blocks sent as chunks.</summary>
    public const int StopBlocks = 50;
}

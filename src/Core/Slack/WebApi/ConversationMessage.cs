using System.Text.Json;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// One message as conversations.replies returns it. Blocks and metadata payloads are kept as
/// <see cref="JsonElement"/>: people and other apps post shapes our Block types do not model.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/objects/message-object</remarks>
public sealed record ConversationMessage
{
    public string? Type { get; init; }

    public string? Subtype { get; init; }

    public required string Ts { get; init; }

    /// <summary>Set on the parent (equal to <see cref="Ts"/>) and on every reply.</summary>
    public string? ThreadTs { get; init; }

    public string? User { get; init; }

    public string? BotId { get; init; }

    public string? AppId { get; init; }

    public string? Text { get; init; }

    public JsonElement? Blocks { get; init; }

    /// <summary>Present only when asked for with include_all_metadata.</summary>
    public ConversationMessageMetadata? Metadata { get; init; }

    public bool IsThreadParent => ThreadTs is null || ThreadTs == Ts;
}

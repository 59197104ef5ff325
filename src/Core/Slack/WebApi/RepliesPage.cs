namespace SecHubBot.Core.Slack.WebApi;

/// <summary>One page of conversations.replies; <see cref="NextCursor"/> is null on the last page.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/conversations.replies</remarks>
public sealed record RepliesPage
{
    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];

    public bool HasMore { get; init; }

    public ResponseMetadata? ResponseMetadata { get; init; }

    public string? NextCursor => string.IsNullOrEmpty(ResponseMetadata?.NextCursor) ? null : ResponseMetadata.NextCursor;
}

using System.Text.Json;

namespace SecHubBot.Fakes.Slack;

/// <summary>A message as the fake stores it (latest version after chat.update).</summary>
public sealed record SlackFakeMessage
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public string? ThreadTs { get; init; }

    public string? Text { get; init; }

    public string? User { get; init; }

    public string? BotId { get; init; }

    public JsonElement? Blocks { get; init; }

    public JsonElement? Metadata { get; init; }

    /// <summary>Text of a streamed reply (chat.startStream/appendStream/stopStream), in Markdown.</summary>
    public string? MarkdownText { get; init; }

    /// <summary><c>streaming</c> until chat.stopStream, then <c>completed</c> (or <c>expired</c>, see <see cref="SlackFake.StreamsExpireAfterAppends"/>); null for ordinary messages.</summary>
    public string? StreamState { get; init; }

    /// <summary>How many chat.appendStream calls it took.</summary>
    public int Appends { get; init; }

    /// <summary>What Slack shows as its text: <see cref="Text"/>, or for a streamed reply its Markdown.</summary>
    public string? Content => Text ?? MarkdownText;

    /// <summary>How many times chat.update changed it.</summary>
    public int Updates { get; init; }
}

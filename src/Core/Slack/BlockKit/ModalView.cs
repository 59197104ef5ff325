using System.Text.Json.Serialization;

namespace SecHubBot.Core.Slack.BlockKit;

/// <summary>A modal: title up to 24 characters, up to 100 blocks, private_metadata up to 3000 characters.</summary>
/// <remarks>https://docs.slack.dev/reference/views/modal-views</remarks>
public sealed record ModalView
{
    public const int TitleMaxLength = 24;
    public const int MaxBlocks = 100;
    public const int PrivateMetadataMaxLength = 3000;

    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "modal";

    /// <summary>Declared as <see cref="TextObject"/> so the "type":"plain_text" discriminator is written.</summary>
    public required TextObject Title { get; init; }

    public required IReadOnlyList<Block> Blocks { get; init; }

    public TextObject? Submit { get; init; }

    public TextObject? Close { get; init; }

    /// <summary>Matches the view_submission to its handler.</summary>
    public string? CallbackId { get; init; }

    /// <summary>Comes back verbatim with view_submission: where the modal came from (finding, message).</summary>
    public string? PrivateMetadata { get; init; }

    public string? ExternalId { get; init; }
}

using System.Text.Json.Serialization;

namespace SecHubBot.Core.Slack.BlockKit;

/// <summary>The few layout blocks SecHubBot posts.</summary>
/// <remarks>https://docs.slack.dev/reference/block-kit/blocks</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(InputBlock), "input")]
[JsonDerivedType(typeof(ContextActionsBlock), "context_actions")]
public abstract record Block
{
    public string? BlockId { get; init; }
}

/// <summary>Plain text only, at most 150 characters.</summary>
public sealed record HeaderBlock(PlainText Text) : Block;

/// <summary>Text up to 3000 characters and/or up to 10 fields of up to 2000 characters.</summary>
public sealed record SectionBlock : Block
{
    public TextObject? Text { get; init; }

    public IReadOnlyList<TextObject>? Fields { get; init; }

    public BlockElement? Accessory { get; init; }
}

/// <summary>Up to 10 small text elements.</summary>
public sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;

/// <summary>Up to 25 interactive elements.</summary>
public sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;

public sealed record DividerBlock : Block;

/// <summary>A modal input; label plain text up to 2000 characters.</summary>
public sealed record InputBlock(PlainText Label, BlockElement Element) : Block
{
    public bool? Optional { get; init; }

    public PlainText? Hint { get; init; }
}

/// <summary>Up to 5 feedback_buttons or icon_button elements, shown small under a message (AI answers).</summary>
/// <remarks>https://docs.slack.dev/reference/block-kit/blocks/context-actions-block</remarks>
public sealed record ContextActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;

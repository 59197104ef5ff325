using System.Text.Json.Serialization;

namespace SecHubBot.Core.Slack.BlockKit;

/// <summary>Interactive elements.</summary>
/// <remarks>https://docs.slack.dev/reference/block-kit/block-elements</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
[JsonDerivedType(typeof(FeedbackButtonsElement), "feedback_buttons")]
public abstract record BlockElement
{
    /// <summary>At most 255 characters; handlers are matched on it.</summary>
    public string? ActionId { get; init; }
}

/// <summary>Text up to 75 characters, value up to 2000, url up to 3000.</summary>
public sealed record ButtonElement(PlainText Text) : BlockElement
{
    public string? Value { get; init; }

    public string? Url { get; init; }

    /// <summary>"primary" or "danger"; null for the default look.</summary>
    public string? Style { get; init; }

    public ConfirmDialog? Confirm { get; init; }
}

public sealed record PlainTextInputElement : BlockElement
{
    public bool? Multiline { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public PlainText? Placeholder { get; init; }

    public string? InitialValue { get; init; }
}

/// <summary>Title up to 100 characters, text up to 300, button labels up to 30.</summary>
public sealed record ConfirmDialog(PlainText Title, TextObject Text, PlainText Confirm, PlainText Deny)
{
    public string? Style { get; init; }
}

/// <summary>
/// A thumbs-up / thumbs-down pair; only inside a <see cref="ContextActionsBlock"/>. The clicked
/// button's value comes back as the action's value.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element</remarks>
public sealed record FeedbackButtonsElement(FeedbackButton PositiveButton, FeedbackButton NegativeButton) : BlockElement;

/// <summary>Text plain_text of at most 75 characters, value at most 2000, accessibility label at most 75.</summary>
public sealed record FeedbackButton(PlainText Text, string Value)
{
    public string? AccessibilityLabel { get; init; }
}

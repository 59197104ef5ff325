using System.Text.Json.Serialization;

namespace SecHubBot.Core.Slack.BlockKit;

/// <summary>A Block Kit text object.</summary>
/// <remarks>
/// https://docs.slack.dev/reference/block-kit/composition-objects/text-object. The "type" is a real
/// property rather than a polymorphic discriminator, because headers and buttons declare their
/// text as <see cref="PlainText"/> and System.Text.Json writes discriminators only for base-typed members.
/// The derived types are still registered, without a discriminator, so members declared as
/// <see cref="TextObject"/> serialise their own properties (emoji, verbatim).
/// </remarks>
[JsonDerivedType(typeof(PlainText))]
[JsonDerivedType(typeof(MrkdwnText))]
public abstract record TextObject(string Text)
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}

/// <summary>Shown as typed: Slack renders no formatting and resolves no mentions in plain_text.</summary>
public sealed record PlainText(string Text) : TextObject(Text)
{
    public override string Type => "plain_text";

    public bool? Emoji { get; init; } = true;
}

/// <summary>Slack's mrkdwn; build its text with <see cref="SecHubBot.Core.Slack.Mrkdwn"/> so untrusted parts are escaped.</summary>
public sealed record MrkdwnText(string Text) : TextObject(Text)
{
    public override string Type => "mrkdwn";

    /// <summary>Never let Slack turn bare URLs and names into links or mentions on its own.</summary>
    public bool? Verbatim { get; init; } = true;
}

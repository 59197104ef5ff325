using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Makes the model's Markdown safe to hand to Slack as markdown_text (chat.startStream and friends),
/// where Slack renders the Markdown itself. The same rules as <see cref="MarkdownToMrkdwn"/>: no mention
/// or broadcast the model wrote can ping anyone, and links survive only to the documentation hosts in
/// <see cref="MarkdownToMrkdwn.AllowedHosts"/>. Everything else is left as the model wrote it, so its
/// formatting (headings, lists, tables, code) renders natively.
/// <list type="bullet">
/// <item>Slack's own control syntax (&lt;@U…&gt;, &lt;!here&gt;, &lt;#C…&gt;, &lt;https://x|label&gt;) cannot form:
/// every '&lt;' in text gets a zero-width space after it; in code only '&lt;' before '@', '!' and '#' does,
/// so code stays copyable.</item>
/// <item>"@here", "@channel" and "@everyone" get a zero-width space after the '@'.</item>
/// <item>A link to any other host becomes its label; a bare or angle-bracket URL to any other host is
/// defanged (zero-width spaces after "://" and each dot) so no client links it. Images become their alt text.</item>
/// <item>Reference definitions are dropped (a link is kept only inline, after the check).</item>
/// </list>
/// </summary>
public static partial class SlackMarkdown
{
    private const string ZeroWidthSpace = "\u200B";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UsePreciseSourceLocation()
        .Build();

    public static string Neutralise(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return string.Empty;
        }

        var edits = new List<Edit>();
        CollectBlocks(Markdown.Parse(markdown, Pipeline), markdown, edits);
        var output = new StringBuilder(markdown.Length + 16);
        var position = 0;
        foreach (var edit in edits.OrderBy(e => e.Start))
        {
            if (edit.Start < position)
            {
                continue;
            }

            output.Append(markdown, position, edit.Start - position).Append(edit.Replacement);
            position = edit.End;
        }

        return output.Append(markdown, position, markdown.Length - position).ToString();
    }

    /// <summary>
    /// How much of <paramref name="markdown"/> is complete blocks that later text cannot change: everything
    /// before the start of the last top-level block (an open code fence, a paragraph or list still growing).
    /// </summary>
    public static int CompleteLength(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return 0;
        }

        var document = Markdown.Parse(markdown, Pipeline);
        return document.Count < 2 ? 0 : Math.Clamp(document[^1].Span.Start, 0, markdown.Length);
    }

    private static void CollectBlocks(ContainerBlock container, string source, List<Edit> edits)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case Markdig.Syntax.LinkReferenceDefinition definition:
                    edits.Add(Edit.Of(definition.Span, source, _ => string.Empty));
                    break;
                case FencedCodeBlock or CodeBlock:
                    edits.Add(Edit.Of(block.Span, source, NeutraliseCode));
                    break;
                case HtmlBlock:
                    edits.Add(Edit.Of(block.Span, source, NeutraliseText));
                    break;
                case LeafBlock { Inline: { } inline }:
                    CollectInlines(inline, source, edits);
                    break;
                case ContainerBlock nested:
                    CollectBlocks(nested, source, edits);
                    break;
            }
        }
    }

    private static void CollectInlines(ContainerInline container, string source, List<Edit> edits)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LinkInline link:
                    edits.Add(new Edit(link.Span.Start, link.Span.End + 1, Link(link, source)));
                    break;
                case AutolinkInline autolink when autolink.IsEmail || !MarkdownToMrkdwn.IsAllowedLink(autolink.Url):
                    edits.Add(Edit.Of(autolink.Span, source, _ => autolink.IsEmail ? NeutraliseText(autolink.Url) : Defang(autolink.Url)));
                    break;
                case CodeInline:
                    edits.Add(Edit.Of(inline.Span, source, NeutraliseCode));
                    break;
                case HtmlInline or LiteralInline:
                    edits.Add(Edit.Of(inline.Span, source, NeutraliseText));
                    break;
                case HtmlEntityInline entity:
                    edits.Add(Edit.Of(inline.Span, source, _ => EscapeEntity(entity.Transcoded.ToString())));
                    break;
                case ContainerInline nested:
                    CollectInlines(nested, source, edits);
                    break;
            }
        }
    }

    /// <summary>An allowed link rebuilt inline (its label neutralised, no title); any other link or image is its label.</summary>
    private static string Link(LinkInline link, string source)
    {
        var label = link.FirstChild is { } first && link.LastChild is { } last && first.Span.Start >= 0 && last.Span.End >= first.Span.Start
            ? Neutralise(source[first.Span.Start..(last.Span.End + 1)])
            : string.Empty;
        var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
        if (link.IsImage || !MarkdownToMrkdwn.IsAllowedLink(url))
        {
            return label.Length > 0 ? label : url is null ? string.Empty : Defang(url);
        }

        var destination = url!.AsSpan().IndexOfAny("() ") >= 0 ? "<" + url + ">" : url;
        return "[" + (label.Length > 0 ? label : url) + "](" + destination + ")";
    }

    private static string NeutraliseText(string text)
    {
        var output = new StringBuilder(text.Length + 8);
        var last = 0;
        foreach (Match match in BareUrl().Matches(text))
        {
            output.Append(NeutraliseMentions(text[last..match.Index], everyAngle: true));
            var url = match.Value.TrimEnd('.', ',', ')', ';', ':', '!', '?');
            output.Append(MarkdownToMrkdwn.IsAllowedLink(url) ? url : Defang(url));
            output.Append(NeutraliseMentions(match.Value[url.Length..], everyAngle: true));
            last = match.Index + match.Length;
        }

        return output.Append(NeutraliseMentions(text[last..], everyAngle: true)).ToString();
    }

    private static string NeutraliseCode(string code) => NeutraliseMentions(code, everyAngle: false);

    private static string NeutraliseMentions(string text, bool everyAngle)
    {
        var angles = everyAngle ? text.Replace("<", "<" + ZeroWidthSpace, StringComparison.Ordinal) : SlackControl().Replace(text, "<" + ZeroWidthSpace + "$1");
        return Broadcast().Replace(angles, "@" + ZeroWidthSpace + "$1");
    }

    /// <summary>An entity's character written so that it cannot become markup again ("&amp;lt;" stays text).</summary>
    private static string EscapeEntity(string character) => character switch
    {
        "<" => "\\<" + ZeroWidthSpace,
        "&" or ">" or "\\" or "*" or "_" or "[" or "]" or "`" or "~" or "|" => "\\" + character,
        _ => NeutraliseText(character),
    };

    /// <summary>Zero-width spaces after "://" and every dot, so no client turns it into a link.</summary>
    private static string Defang(string url) =>
        NeutraliseMentions(url, everyAngle: true).Replace("://", "://" + ZeroWidthSpace, StringComparison.Ordinal).Replace(".", "." + ZeroWidthSpace, StringComparison.Ordinal);

    private readonly record struct Edit(int Start, int End, string Replacement)
    {
        public static Edit Of(SourceSpan span, string source, Func<string, string> rewrite)
        {
            var start = Math.Clamp(span.Start, 0, source.Length);
            var end = Math.Clamp(span.End + 1, start, source.Length);
            return new Edit(start, end, rewrite(source[start..end]));
        }
    }

    [GeneratedRegex(@"(?:https?|ftp)://[^\s<>""'`]+|\bwww\.[^\s<>""'`]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"<([@!#])", RegexOptions.CultureInvariant)]
    private static partial Regex SlackControl();

    [GeneratedRegex(@"@(here|channel|everyone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Broadcast();
}

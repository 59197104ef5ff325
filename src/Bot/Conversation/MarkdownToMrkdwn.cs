using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SecHubBot.Core.Slack;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Turns the model's Markdown into Slack mrkdwn (DESIGN.md §3 "Follow-up answers"): bold, italics,
/// strike, code, fenced code, lists, quotes and headings map to their mrkdwn forms. Every piece of
/// text is escaped (&amp;, &lt;, &gt;), so a mention or broadcast the model wrote (&lt;@U…&gt;, &lt;!channel&gt;,
/// @here) stays inert text. Links survive only to documentation hosts on an allow-list; any other
/// URL becomes plain text, defanged with zero-width spaces so Slack does not auto-link it either.
/// </summary>
public static partial class MarkdownToMrkdwn
{
    /// <summary>Documentation hosts whose links are kept: the one list alerts use too (<see cref="LinkPolicy"/>).</summary>
    public static IReadOnlySet<string> AllowedHosts => LinkPolicy.DocumentationHosts;

    private const char ZeroWidthSpace = '\u200B';

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    public static string Convert(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, Pipeline);
        var output = new StringBuilder(markdown.Length + 64);
        WriteBlocks(output, document, indent: string.Empty);
        return output.ToString().Trim('\n');
    }

    /// <summary>Is this URL one whose link is kept (https, allow-listed host)?</summary>
    public static bool IsAllowedLink(string? url) => LinkPolicy.IsDocumentationLink(url);

    private static void WriteBlocks(StringBuilder output, ContainerBlock container, string indent)
    {
        foreach (var block in container)
        {
            WriteBlock(output, block, indent);
        }
    }

    private static void WriteBlock(StringBuilder output, Block block, string indent)
    {
        switch (block)
        {
            case HeadingBlock heading:
                output.Append(indent).Append('*').Append(Inlines(heading.Inline).Trim()).Append("*\n\n");
                break;
            case ParagraphBlock paragraph:
                AppendIndented(output, Inlines(paragraph.Inline), indent);
                output.Append("\n\n");
                break;
            case FencedCodeBlock or CodeBlock:
                var code = ((LeafBlock)block).Lines.ToString();
                AppendIndented(output, Mrkdwn.CodeBlock(code), indent);
                output.Append("\n\n");
                break;
            case ListBlock list:
                WriteList(output, list, indent);
                output.Append('\n');
                break;
            case QuoteBlock quote:
                var inner = new StringBuilder();
                WriteBlocks(inner, quote, string.Empty);
                foreach (var line in inner.ToString().Trim('\n').Split('\n'))
                {
                    output.Append(indent).Append("> ").Append(line).Append('\n');
                }

                output.Append('\n');
                break;
            case ThematicBreakBlock:
                output.Append(indent).Append("――――――\n\n");
                break;
            case Table table:
                WriteTable(output, table, indent);
                break;
            case HtmlBlock html:
                AppendIndented(output, PlainText(html.Lines.ToString()), indent);
                output.Append("\n\n");
                break;
            case LeafBlock leaf:
                AppendIndented(output, leaf.Inline is null ? PlainText(leaf.Lines.ToString()) : Inlines(leaf.Inline), indent);
                output.Append("\n\n");
                break;
            case ContainerBlock nested:
                WriteBlocks(output, nested, indent);
                break;
        }
    }

    private static void WriteList(StringBuilder output, ListBlock list, string indent)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var bullet = list.IsOrdered ? $"{number++}. " : "• ";
            var inner = new StringBuilder();
            WriteBlocks(inner, item, string.Empty);
            var lines = inner.ToString().Trim('\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i == 0)
                {
                    output.Append(indent).Append(bullet).Append(lines[i]).Append('\n');
                }
                else if (lines[i].Length > 0)
                {
                    output.Append(indent).Append(new string(' ', 4)).Append(lines[i]).Append('\n');
                }
            }
        }
    }

    private static void WriteTable(StringBuilder output, Table table, string indent)
    {
        foreach (var row in table.OfType<TableRow>())
        {
            var cells = row.OfType<TableCell>().Select(c =>
            {
                var cell = new StringBuilder();
                WriteBlocks(cell, c, string.Empty);
                return cell.ToString().Trim('\n').Replace('\n', ' ');
            });
            var line = string.Join(" | ", cells);
            output.Append(indent).Append(row.IsHeader ? "*" + line + "*" : line).Append('\n');
        }

        output.Append('\n');
    }

    private static string Inlines(ContainerInline? container)
    {
        if (container is null)
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        foreach (var inline in container)
        {
            WriteInline(output, inline);
        }

        return output.ToString();
    }

    private static void WriteInline(StringBuilder output, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                output.Append(PlainText(literal.Content.ToString()));
                break;
            case CodeInline code:
                output.Append(Mrkdwn.Code(code.Content));
                break;
            case LineBreakInline:
                output.Append('\n');
                break;
            case EmphasisInline emphasis:
                var marker = emphasis.DelimiterChar is '~' ? "~" : emphasis.DelimiterCount >= 2 ? "*" : "_";
                var inner = Inlines(emphasis);
                output.Append(inner.Length == 0 ? string.Empty : marker + inner + marker);
                break;
            case LinkInline link:
                var label = Inlines(link);
                var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
                if (link.IsImage || !IsAllowedLink(url))
                {
                    output.Append(label.Length > 0 ? label : PlainText(url));
                }
                else
                {
                    output.Append('<').Append(url!.Replace("&", "&amp;", StringComparison.Ordinal)).Append('|')
                        .Append((label.Length > 0 ? label : Mrkdwn.Escape(url)).Replace('|', '¦').Replace(">", "&gt;", StringComparison.Ordinal)).Append('>');
                }

                break;
            case AutolinkInline autolink:
                output.Append(IsAllowedLink(autolink.Url) && !autolink.IsEmail ? $"<{autolink.Url.Replace("&", "&amp;", StringComparison.Ordinal)}>" : PlainText(autolink.Url));
                break;
            case HtmlInline html:
                output.Append(PlainText(html.Tag));
                break;
            case HtmlEntityInline entity:
                output.Append(PlainText(entity.Transcoded.ToString()));
                break;
            case ContainerInline container:
                output.Append(Inlines(container));
                break;
        }
    }

    /// <summary>Escaped text with bare URLs linked when allowed and defanged otherwise (Slack auto-links bare URLs and domains).</summary>
    private static string PlainText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var output = new StringBuilder(text.Length + 8);
        var last = 0;
        foreach (Match match in BareUrl().Matches(text))
        {
            output.Append(Mrkdwn.Escape(text[last..match.Index]));
            var url = match.Value.TrimEnd('.', ',', ')', ';', ':', '!', '?');
            output.Append(IsAllowedLink(url) ? $"<{url.Replace("&", "&amp;", StringComparison.Ordinal)}>" : Defang(url));
            output.Append(Mrkdwn.Escape(match.Value[url.Length..]));
            last = match.Index + match.Length;
        }

        output.Append(Mrkdwn.Escape(text[last..]));
        return output.ToString();
    }

    /// <summary>Escaped, with a zero-width space after "://" and after every dot, so no client turns it into a link.</summary>
    private static string Defang(string url) =>
        Mrkdwn.Escape(url).Replace("://", "://" + ZeroWidthSpace, StringComparison.Ordinal).Replace(".", "." + ZeroWidthSpace, StringComparison.Ordinal);

    private static void AppendIndented(StringBuilder output, string text, string indent)
    {
        if (indent.Length == 0)
        {
            output.Append(text);
            return;
        }

        output.Append(indent).Append(text.Replace("\n", "\n" + indent, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?:https?|ftp)://[^\s<>""'`]+|\bwww\.[^\s<>""'`]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareUrl();
}

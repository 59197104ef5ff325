using System.Text;
using System.Text.RegularExpressions;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Ingest.Preview;

/// <summary>
/// Renders Slack messages as a person would read them in a terminal: header, fields, text,
/// buttons, context, in Slack's order, with mrkdwn turned back into readable text.
/// </summary>
internal static partial class SlackPreviewRenderer
{
    private const int Width = 100;

    private static readonly Dictionary<string, string> Emoji = new(StringComparer.Ordinal)
    {
        [":rotating_light:"] = "🚨",
        [":red_circle:"] = "🔴",
        [":large_orange_circle:"] = "🟠",
        [":large_yellow_circle:"] = "🟡",
        [":large_blue_circle:"] = "🔵",
        [":sparkles:"] = "✨",
        [":warning:"] = "⚠️",
        [":white_check_mark:"] = "✅",
        [":no_bell:"] = "🔕",
    };

    public static void Render(SlackMessage message, string heading, TextWriter output, string indent = "")
    {
        output.WriteLine($"{indent}┌─ {heading}");
        foreach (var block in message.Blocks ?? [])
        {
            switch (block)
            {
                case HeaderBlock header:
                    output.WriteLine($"{indent}│ {ReplaceEmoji(header.Text.Text)}");
                    break;
                case SectionBlock section:
                    if (section.Text is { } text)
                    {
                        WriteText(output, indent, ToReadable(text));
                    }

                    if (section.Fields is { } fields)
                    {
                        WriteFields(output, indent, fields.Select(ToReadable).ToArray());
                    }

                    break;
                case ActionsBlock actions:
                    var buttons = actions.Elements.OfType<ButtonElement>().Select(b => b.Url is null ? $"[ {b.Text.Text} ]" : $"[ {b.Text.Text} ↗ ]");
                    output.WriteLine($"{indent}│ {string.Join("  ", buttons)}");
                    foreach (var link in actions.Elements.OfType<ButtonElement>().Where(b => b.Url is not null))
                    {
                        output.WriteLine($"{indent}│   {link.Text.Text}: {link.Url}");
                    }

                    break;
                case ContextBlock context:
                    WriteText(output, indent, string.Join("  ·  ", context.Elements.Select(ToReadable)));
                    break;
                case DividerBlock:
                    output.WriteLine($"{indent}│ {new string('─', 40)}");
                    break;
            }
        }

        output.WriteLine($"{indent}└─");
    }

    /// <summary>mrkdwn → text: entities decoded, links as "label (url)", dates as their fallback, code fences indented.</summary>
    internal static string ToReadable(TextObject text)
    {
        if (text is PlainText plain)
        {
            return ReplaceEmoji(plain.Text);
        }

        var readable = DatePattern().Replace(text.Text, "$1");
        readable = LinkPattern().Replace(readable, m => m.Groups[2].Success ? $"{m.Groups[2].Value} ({m.Groups[1].Value})" : m.Groups[1].Value);
        readable = readable.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
        var lines = new List<string>();
        var inCode = false;
        foreach (var line in readable.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            lines.Add(inCode ? "    " + line : ReplaceEmoji(BoldLine(line)));
        }

        return string.Join('\n', lines);
    }

    /// <summary>A line that is all bold ("*How to fix*") is a heading; show it without the asterisks.</summary>
    private static string BoldLine(string line) =>
        line.Length > 2 && line[0] == '*' && line[^1] == '*' && line.IndexOf('*', 1) == line.Length - 1 ? line[1..^1] : line;

    private static void WriteFields(TextWriter output, string indent, IReadOnlyList<string> fields)
    {
        const int Column = 48;
        for (var i = 0; i < fields.Count; i += 2)
        {
            var left = Flatten(fields[i]);
            var right = i + 1 < fields.Count ? Flatten(fields[i + 1]) : "";
            output.WriteLine($"{indent}│ {left.PadRight(Column)}{right}".TrimEnd());
        }
    }

    /// <summary>"*Severity*\nHIGH" → "Severity: HIGH".</summary>
    private static string Flatten(string field)
    {
        var parts = field.Split('\n', 2);
        return parts.Length == 2 ? $"{parts[0].Trim('*')}: {parts[1].Replace('\n', ' ')}" : field;
    }

    private static void WriteText(TextWriter output, string indent, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            foreach (var wrapped in Wrap(line, Width))
            {
                output.WriteLine($"{indent}│ {wrapped}".TrimEnd());
            }
        }
    }

    private static IEnumerable<string> Wrap(string line, int width)
    {
        if (line.Length <= width || line.StartsWith("    ", StringComparison.Ordinal))
        {
            yield return line;
            yield break;
        }

        var current = new StringBuilder();
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                yield return current.ToString();
                current.Clear().Append("  ");
            }

            if (current.Length > 0 && current.ToString() != "  ")
            {
                current.Append(' ');
            }

            current.Append(word);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string ReplaceEmoji(string text)
    {
        foreach (var (code, glyph) in Emoji)
        {
            text = text.Replace(code, glyph, StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex(@"<!date\^[^|>]*\|([^>]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"<(https?://[^|>]+)(?:\|([^>]*))?>", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}

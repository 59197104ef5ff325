using System.Text;

namespace SecHubBot.Core.Slack;

/// <summary>
/// Builds Slack mrkdwn from untrusted text. Slack parses only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as
/// control characters, so escaping exactly those makes links, user mentions and broadcasts
/// (<c>&lt;!channel&gt;</c>) impossible to forge. Bare "@channel" words are also broken with a word
/// joiner, so they cannot ping even if a message is ever posted with link_names.
/// </summary>
/// <remarks>https://docs.slack.dev/messaging/formatting-message-text#escaping</remarks>
public static class Mrkdwn
{
    private const char WordJoiner = '\u2060';
    private const string Ellipsis = "…";
    private static readonly string[] BroadcastWords = ["channel", "here", "everyone"];

    /// <summary>Escapes untrusted text for a mrkdwn field.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '@' when StartsBroadcast(text, i + 1):
                    builder.Append('@').Append(WordJoiner);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes, then cuts to <paramref name="maxLength"/> characters with an ellipsis, never inside an entity or a surrogate pair.</summary>
    public static string EscapeAndTruncate(string? text, int maxLength) => Truncate(Escape(text), maxLength);

    /// <summary>Cuts already-safe mrkdwn to <paramref name="maxLength"/> with an ellipsis, never leaving half an entity or surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = Math.Max(0, maxLength - Ellipsis.Length);
        var amp = text.LastIndexOf('&', Math.Max(0, cut - 1), Math.Min(cut, 5));
        if (amp >= 0 && text.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>Plain text (header, buttons): Slack does not parse it, so it is only cut to length.</summary>
    public static string PlainTruncate(string? text, int maxLength)
    {
        text ??= string.Empty;
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - Ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>
    /// Untrusted text for a plain_text object (headers). Slack does not parse plain_text, but we do not
    /// rely on that alone: "&lt;!", "&lt;@", "&lt;#" sequences and bare broadcast words get an invisible word
    /// joiner, so no reading of the text can ever form a mention. Then cut to length.
    /// </summary>
    public static string Plain(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            builder.Append(text[i]);
            if ((text[i] == '<' && i + 1 < text.Length && text[i + 1] is '!' or '@' or '#')
                || (text[i] == '@' && StartsBroadcast(text, i + 1)))
            {
                builder.Append(WordJoiner);
            }
        }

        return PlainTruncate(builder.ToString(), maxLength);
    }

    /// <summary>A link, only for http(s) URLs Slack can parse; anything else becomes escaped text.</summary>
    public static string Link(string? url, string label)
    {
        if (!IsLinkableUrl(url))
        {
            return Escape(label) + (string.IsNullOrWhiteSpace(url) ? string.Empty : $" ({Escape(url)})");
        }

        var safeLabel = Escape(label).Replace('|', '¦');
        return $"<{url!.Replace("&", "&amp;", StringComparison.Ordinal)}|{safeLabel}>";
    }

    /// <summary>A fenced code block; backtick runs are broken so untrusted code cannot close the fence.</summary>
    public static string CodeBlock(string code) =>
        "```\n" + Escape(code).Replace("```", "`\u200B``", StringComparison.Ordinal).TrimEnd('\n') + "\n```";

    /// <summary>Inline code for short identifiers (resource ids, ports).</summary>
    public static string Code(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : "`" + Escape(text).Replace('`', '\'') + "`";

    public static bool IsLinkableUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && url!.AsSpan().IndexOfAny("<>| \t\r\n\"") < 0;

    private static bool StartsBroadcast(string text, int start)
    {
        foreach (var word in BroadcastWords)
        {
            if (string.CompareOrdinal(text, start, word, 0, word.Length) == 0
                || (start + word.Length <= text.Length
                    && text.AsSpan(start, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}

using SecHubBot.Core.Slack;

namespace SecHubBot.Core.Alerts;

/// <summary>Splits safe mrkdwn into pieces that each fit one section block, at line breaks where possible.</summary>
internal static class MrkdwnChunks
{
    public static IEnumerable<string> Split(string text, int max)
    {
        var current = new System.Text.StringBuilder();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Length > max ? Mrkdwn.Truncate(rawLine, max) : rawLine;
            if (current.Length > 0 && current.Length + 1 + line.Length > max)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>Code split into fenced blocks that each fit <paramref name="max"/>, fences included.</summary>
    public static IEnumerable<string> CodeBlocks(string code, int max)
    {
        const int Fences = 8; // "```\n" + "\n```"
        var escaped = Mrkdwn.CodeBlock(code);
        if (escaped.Length <= max)
        {
            yield return escaped;
            yield break;
        }

        var body = escaped[4..^4];
        foreach (var piece in Split(body, max - Fences))
        {
            yield return "```\n" + piece + "\n```";
        }
    }
}

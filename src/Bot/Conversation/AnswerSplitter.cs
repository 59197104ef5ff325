using System.Text;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Splits a long mrkdwn answer into messages that each fit, at paragraph or line breaks, never leaving
/// a code fence open: a chunk that ends inside a fence closes it and the next one reopens it.
/// </summary>
public static class AnswerSplitter
{
    /// <summary>Slack shows about 4,000 characters of a message before "Show more"; stay well inside section limits.</summary>
    public const int DefaultMaxLength = 3500;

    private const string Fence = "```";

    public static IReadOnlyList<string> Split(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 100);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        if (text.Length <= maxLength)
        {
            return [text];
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        var inFence = false;
        var budget = maxLength - (Fence.Length + 1);
        foreach (var rawLine in text.Split('\n'))
        {
            foreach (var line in HardWrap(rawLine, budget - Fence.Length - 1))
            {
                if (current.Length > 0 && current.Length + 1 + line.Length > budget)
                {
                    Flush(chunks, current, inFence);
                    if (inFence)
                    {
                        current.Append(Fence).Append('\n');
                    }
                }

                if (current.Length > 0 && current[^1] != '\n')
                {
                    current.Append('\n');
                }

                current.Append(line);
                if (CountFences(line) % 2 == 1)
                {
                    inFence = !inFence;
                }
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString().Trim('\n'));
        }

        return chunks.Where(c => c.Length > 0).ToList();
    }

    private static void Flush(List<string> chunks, StringBuilder current, bool inFence)
    {
        var text = current.ToString().TrimEnd('\n');
        chunks.Add(inFence ? text + "\n" + Fence : text);
        current.Clear();
    }

    private static int CountFences(string line)
    {
        var count = 0;
        for (var i = line.IndexOf(Fence, StringComparison.Ordinal); i >= 0; i = line.IndexOf(Fence, i + Fence.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static IEnumerable<string> HardWrap(string line, int max)
    {
        if (line.Length <= max)
        {
            yield return line;
            yield break;
        }

        for (var start = 0; start < line.Length;)
        {
            var length = Math.Min(max, line.Length - start);

            // Never cut an entity (&amp;) or a surrogate pair in half.
            var piece = line.AsSpan(start, length);
            var amp = piece.LastIndexOf('&');
            if (start + length < line.Length && amp > length - 6 && piece[amp..].IndexOf(';') < 0 && amp > 0)
            {
                length = amp;
            }

            if (start + length < line.Length && char.IsHighSurrogate(line[start + length - 1]))
            {
                length--;
            }

            yield return line.Substring(start, length);
            start += length;
        }
    }
}

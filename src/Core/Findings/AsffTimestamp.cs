using System.Globalization;

namespace SecHubBot.Core.Findings;

/// <summary>
/// Reads ASFF timestamps as products really write them: no fraction, 3, 6 or 9 fraction digits,
/// "Z" or an offset. .NET parses at most 7 fraction digits, so longer fractions are cut first.
/// </summary>
public static class AsffTimestamp
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = TrimFraction(text.Trim());
        return DateTimeOffset.TryParse(
            trimmed,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
    }

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        const int MaxDigits = 7;
        return end - dot - 1 <= MaxDigits ? text : string.Concat(text.AsSpan(0, dot + 1 + MaxDigits), text.AsSpan(end));
    }
}

using System.Diagnostics.CodeAnalysis;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Where an alert's Slack thread lives: its channel and its parent message's ts. Written as
/// <c>"&lt;channel&gt;/&lt;ts&gt;"</c> into a finding's <c>UserDefinedFields["sechubbot:thread"]</c>
/// (<see cref="ThreadFields.Thread"/>). That field is writable by anyone who can update findings, so a
/// value is parsed strictly and is only a claim: the caller still checks the channel and the parent's metadata.
/// </summary>
public readonly record struct ThreadRef(string Channel, string Ts)
{
    public override string ToString() => $"{Channel}/{Ts}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out ThreadRef? thread)
    {
        thread = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }

        var channel = value[..slash].Trim();
        var ts = value[(slash + 1)..].Trim();
        if (!IsChannel(channel) || !IsTs(ts))
        {
            return false;
        }

        thread = new ThreadRef(channel, ts);
        return true;
    }

    /// <summary>Channel ids are upper-case letters and digits (C…, G…, D…).</summary>
    public static bool IsChannel(string? channel) =>
        !string.IsNullOrEmpty(channel) && channel.Length <= 32 && channel.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    /// <summary>A message ts is "seconds.microseconds".</summary>
    public static bool IsTs(string? ts)
    {
        if (string.IsNullOrEmpty(ts) || ts.Length > 32)
        {
            return false;
        }

        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < ts.Length - 1 && ts.Remove(dot, 1).All(char.IsAsciiDigit);
    }
}

using System.Diagnostics.CodeAnalysis;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>
/// Where a finding's Slack thread lives, as Ingest writes it into the finding's
/// <c>UserDefinedFields["sechubbot:thread"]</c>: <c>"&lt;channel&gt;/&lt;ts&gt;"</c> (DESIGN.md §2).
/// </summary>
internal readonly record struct ThreadRef(string Channel, string Ts)
{
    /// <summary>The UserDefinedFields key holding the thread ref.</summary>
    public const string FieldKey = Core.Alerts.ThreadFields.Thread;

    /// <summary>What the thread currently shows (<see cref="Core.Findings.FindingCondition"/>), or "pending" while the first reply is still owed.</summary>
    public const string StatusKey = Core.Alerts.ThreadFields.Status;

    /// <summary>Set on members of a grouped alert: the group's size, so an update never re-renders the group's parent as one finding.</summary>
    public const string GroupKey = Core.Alerts.ThreadFields.Group;

    public const string PendingStatus = "pending";

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

        // Channel ids are upper-case letters and digits (C…, G…); a ts is "seconds.micros".
        if (!channel.All(char.IsAsciiLetterOrDigit) || !IsTs(ts))
        {
            return false;
        }

        thread = new ThreadRef(channel, ts);
        return true;
    }

    private static bool IsTs(string ts)
    {
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < ts.Length - 1 && ts.Remove(dot, 1).All(char.IsAsciiDigit);
    }
}

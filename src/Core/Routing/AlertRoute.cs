using SecHubBot.Core.Explain;

namespace SecHubBot.Core.Routing;

/// <summary>Where one finding's alert goes and what its thread works with.</summary>
public sealed record AlertRoute
{
    /// <summary>The channel the alert is posted to.</summary>
    public required string Channel { get; init; }

    /// <summary>Fan-out: more channels that get their own copy and thread.</summary>
    public IReadOnlyList<string> AlsoChannels { get; init; } = [];

    /// <summary>The flavour of infrastructure-as-code in the fix and in follow-up answers.</summary>
    public required IacFlavor IacFlavor { get; init; }

    /// <summary>Who may Resolve, Suppress and Reopen: the rule's approvers, else <c>Authorization:Approvers</c>.</summary>
    public required IReadOnlyList<string> Approvers { get; init; }

    /// <summary>The user group to mention: set only when the rule names one and the finding is CRITICAL.</summary>
    public string? MentionGroup { get; init; }

    /// <summary>The rule that matched (<c>Routing:Rules:1</c>), or null when the alert fell back to <c>Slack:Channel</c>.</summary>
    public string? Rule { get; init; }

    /// <summary>For people: which rule matched and on which keys, or why each rule did not.</summary>
    public required string Why { get; init; }

    /// <summary>The channel, then the fan-out channels.</summary>
    public IReadOnlyList<string> Channels => [Channel, .. AlsoChannels];
}

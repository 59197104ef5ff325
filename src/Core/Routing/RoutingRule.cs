using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>A checked <c>Routing:Rules:{i}</c> entry: where it posts, what it matches, and what its route carries.</summary>
public sealed class RoutingRule
{
    public required string Path { get; init; }

    public required string Channel { get; init; }

    public IReadOnlyList<string> AlsoChannels { get; init; } = [];

    /// <summary>The match keys that were given; none means the rule takes every finding.</summary>
    public IReadOnlyList<RuleCondition> Conditions { get; init; } = [];

    public IacFlavor? IacFlavor { get; init; }

    public IReadOnlyList<string> Approvers { get; init; } = [];

    public string? MentionGroup { get; init; }

    /// <summary>Whether every given key matches, with what matched or the first key that did not.</summary>
    public RuleOutcome Evaluate(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (Conditions.Count == 0)
        {
            return new RuleOutcome(this, true, $"{Path} has no match keys and takes every finding");
        }

        var matched = new List<string>(Conditions.Count);
        foreach (var condition in Conditions)
        {
            if (condition.Match(finding) is not { } what)
            {
                return new RuleOutcome(this, false, $"{Path} {condition.Mismatch(finding)}");
            }

            matched.Add(what);
        }

        return new RuleOutcome(this, true, $"{Path} matched {string.Join("; ", matched)}");
    }

    /// <summary>
    /// Whether this rule, tried before <paramref name="later"/>, takes every finding the later one would: each key
    /// this rule has, the later rule has too and this rule's accepts all its values.
    /// </summary>
    public bool Shadows(RoutingRule later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return Conditions.All(mine => later.Conditions.Any(mine.Covers));
    }
}

/// <summary>One rule's verdict on one finding.</summary>
public sealed record RuleOutcome(RoutingRule Rule, bool Matched, string Reason);

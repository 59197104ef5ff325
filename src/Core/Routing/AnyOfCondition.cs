using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>
/// A list key: it matches when any of its values matches any of what the finding offers for that key
/// (its account, its region, its product name and ARN, its control, its resources' tags).
/// </summary>
public sealed class AnyOfCondition(
    string key,
    IReadOnlyList<string> values,
    Func<Finding, IEnumerable<string>> factsOf,
    Func<string, string, bool> valueMatches) : RuleCondition(key)
{
    public IReadOnlyList<string> Values { get; } = values;

    public override string? Match(Finding finding)
    {
        foreach (var fact in factsOf(finding))
        {
            if (Values.FirstOrDefault(v => valueMatches(v, fact)) is { } value)
            {
                return value == fact ? $"{Key} {value}" : $"{Key} {value} ({fact})";
            }
        }

        return null;
    }

    public override string Mismatch(Finding finding)
    {
        var facts = factsOf(finding).ToList();
        return facts.Count == 0
            ? $"{Key}: the finding has none"
            : $"{Key}: {string.Join(", ", facts)} not in {string.Join(", ", Values)}";
    }

    /// <summary>A later list is covered when each of its values is one this list matches (a prefix covers the ids and narrower prefixes under it).</summary>
    public override bool Covers(RuleCondition later) =>
        later is AnyOfCondition list && list.Key == Key && list.Values.All(v => Values.Any(mine => valueMatches(mine, v)));
}

using System.Globalization;

namespace SecHubBot.Core.Routing;

/// <summary>The checked rules in the order they are tried, and every problem found on the way.</summary>
public sealed class RoutingTable
{
    private RoutingTable(IReadOnlyList<RoutingRule> rules, IReadOnlyList<string> problems)
    {
        Rules = rules;
        Problems = problems;
    }

    public IReadOnlyList<RoutingRule> Rules { get; }

    /// <summary>One line per problem, each naming the rule and key; empty when the rules are sound.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Checks every rule, then that each can ever match: a rule that an earlier one fully covers
    /// (a catch-all without keys, or keys that accept everything it accepts) is reported, since it would sit unused.
    /// </summary>
    /// <param name="ruleKeys">The keys of the <c>Routing:Rules</c> children in binding order, so messages name the key as configured (0, 1, 5 …).</param>
    public static RoutingTable Parse(RoutingOptions options, IReadOnlyList<string>? ruleKeys = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var rules = new List<RoutingRule>(options.Rules.Count);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var key = ruleKeys is not null && ruleKeys.Count == options.Rules.Count ? ruleKeys[i] : i.ToString(CultureInfo.InvariantCulture);
            if (RoutingRuleParser.Parse(options.Rules[i], $"{RoutingOptions.SectionName}:Rules:{key}", problems) is { } rule)
            {
                if (rules.FirstOrDefault(earlier => earlier.Shadows(rule)) is { } shadow)
                {
                    problems.Add(shadow.Conditions.Count == 0
                        ? $"{rule.Path} can never match: {shadow.Path} before it has no match keys and takes every finding"
                        : $"{rule.Path} can never match: {shadow.Path} before it takes every finding it would ({string.Join(", ", shadow.Conditions.Select(c => c.Key))})");
                }

                rules.Add(rule);
            }
        }

        return new RoutingTable(rules, problems);
    }
}

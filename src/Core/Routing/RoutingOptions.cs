using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Routing;

/// <summary>
/// The <c>Routing</c> configuration section: <c>Routing:Rules:{i}:…</c>, tried in order, the first match wins;
/// a finding no rule matches goes to <c>Slack:Channel</c>.
/// </summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary><c>Routing:Rules</c>: the ordered rules.</summary>
    public List<RoutingRuleOptions> Rules { get; set; } = [];

    /// <summary>
    /// One line per problem, each naming the rule and key: what binding ignored in the raw <paramref name="configuration"/>
    /// (misspelt keys, a value where a rule was expected), then every rule's values and whether it can ever match.
    /// </summary>
    public IReadOnlyList<string> Problems(IConfiguration configuration) =>
    [
        .. RoutingConfigurationCheck.RoutingProblems(configuration),
        .. RoutingTable.Parse(this, RoutingConfigurationCheck.RuleKeys(configuration)).Problems,
    ];
}

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
}

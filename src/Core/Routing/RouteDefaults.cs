using SecHubBot.Core.Explain;

namespace SecHubBot.Core.Routing;

/// <summary>
/// What a route falls back to: <c>Slack:Channel</c> when no rule matches, <c>Explain:IacFlavor</c> and
/// <c>Authorization:Approvers</c> when the matching rule names none of its own. The host supplies them from its options.
/// </summary>
public sealed record RouteDefaults(string Channel, IacFlavor IacFlavor, IReadOnlyList<string> Approvers);

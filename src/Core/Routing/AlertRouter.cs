using Microsoft.Extensions.Options;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>
/// Routes a finding to the team that owns it: the first <c>Routing:Rules</c> entry whose given keys all match,
/// else <c>Slack:Channel</c>. The Bot asks it which channels are ours and, through a finding's route,
/// who may act on it and in which IaC flavour to answer.
/// </summary>
public sealed class AlertRouter
{
    private readonly RoutingTable _table;
    private readonly RouteDefaults _defaults;
    private readonly HashSet<string> _channels;

    public AlertRouter(RoutingTable table, RouteDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(defaults);
        if (table.Problems.Count > 0)
        {
            throw new InvalidConfigurationException($"{RoutingOptions.SectionName}:Rules", string.Join(Environment.NewLine, table.Problems));
        }

        _table = table;
        _defaults = defaults;
        // The Bot may run without Slack:Channel (it only answers where alerts are); then only the rules' channels are known.
        _channels = new HashSet<string>(
            table.Rules.SelectMany(r => r.AlsoChannels.Prepend(r.Channel)).Append(defaults.Channel).Where(c => !string.IsNullOrWhiteSpace(c)),
            StringComparer.Ordinal);
    }

    public AlertRouter(IOptions<RoutingOptions> options, RouteDefaults defaults)
        : this(RoutingTable.Parse((options ?? throw new ArgumentNullException(nameof(options))).Value), defaults)
    {
    }

    /// <summary>Every channel an alert may be posted to: each rule's Channel and AlsoChannels, and <c>Slack:Channel</c>.</summary>
    public IReadOnlySet<string> Channels => _channels;

    /// <summary>Whether any rule names its own approvers; when none does, every route's approvers are <c>Authorization:Approvers</c>.</summary>
    public bool HasRuleApprovers => _table.Rules.Any(r => r.Approvers.Count > 0);

    /// <summary>Whether <paramref name="channel"/> is one we post alerts to; a thread ref or click from elsewhere is not ours.</summary>
    public bool PostsTo(string? channel) => channel is not null && _channels.Contains(channel);

    /// <summary>Everyone who approves anything: every rule's approvers and <c>Authorization:Approvers</c>.</summary>
    public IReadOnlyList<string> AllApprovers => [.. _table.Rules.SelectMany(r => r.Approvers).Concat(_defaults.Approvers).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Who may act on an alert in <paramref name="channel"/> when its finding cannot be routed (a grouped alert, or
    /// a finding Security Hub no longer returns): the approvers of every rule posting there (a rule without its own,
    /// <c>Authorization:Approvers</c>), and <c>Authorization:Approvers</c> for <c>Slack:Channel</c> or a channel no rule names.
    /// </summary>
    public IReadOnlyList<string> ApproversIn(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var rules = _table.Rules.Where(r => r.Channel == channel || r.AlsoChannels.Contains(channel, StringComparer.Ordinal)).ToList();
        var approvers = rules.SelectMany(r => r.Approvers.Count > 0 ? r.Approvers : _defaults.Approvers);
        if (rules.Count == 0 || channel == _defaults.Channel)
        {
            approvers = approvers.Concat(_defaults.Approvers);
        }

        return [.. approvers.Distinct(StringComparer.Ordinal)];
    }

    public AlertRoute Route(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var misses = new List<string>(_table.Rules.Count);
        foreach (var rule in _table.Rules)
        {
            var outcome = rule.Evaluate(finding);
            if (!outcome.Matched)
            {
                misses.Add(outcome.Reason);
                continue;
            }

            var mention = finding.Severity.Label == SeverityLabel.Critical ? rule.MentionGroup : null;
            return new AlertRoute
            {
                Channel = rule.Channel,
                AlsoChannels = rule.AlsoChannels,
                IacFlavor = rule.IacFlavor ?? _defaults.IacFlavor,
                Approvers = rule.Approvers.Count > 0 ? rule.Approvers : _defaults.Approvers,
                MentionGroup = mention,
                Rule = rule.Path,
                Why = mention is null ? outcome.Reason : $"{outcome.Reason}; mentions {mention} (CRITICAL)",
            };
        }

        return new AlertRoute
        {
            Channel = _defaults.Channel,
            IacFlavor = _defaults.IacFlavor,
            Approvers = _defaults.Approvers,
            Why = misses.Count == 0
                ? "no routing rules: Slack:Channel"
                : $"no routing rule matched ({string.Join("; ", misses)}): Slack:Channel",
        };
    }
}

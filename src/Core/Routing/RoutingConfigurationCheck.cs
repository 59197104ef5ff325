using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Routing;

/// <summary>
/// What binding cannot see: keys it silently ignores (a misspelt <c>Acounts</c> would make a rule match every account),
/// a value where a rule or a name was expected, and lists written as one comma-separated value.
/// Works on the raw <c>Routing</c> and <c>Accounts</c> sections.
/// </summary>
public static class RoutingConfigurationCheck
{
    public static readonly IReadOnlyList<string> ListKeys =
    [
        nameof(RoutingRuleOptions.AlsoChannels), nameof(RoutingRuleOptions.Accounts), nameof(RoutingRuleOptions.Regions),
        nameof(RoutingRuleOptions.Products), nameof(RoutingRuleOptions.Controls), nameof(RoutingRuleOptions.ResourceTags),
        nameof(RoutingRuleOptions.Approvers),
    ];

    public static readonly IReadOnlyList<string> ValueKeys =
    [
        nameof(RoutingRuleOptions.Channel), nameof(RoutingRuleOptions.MinSeverity), nameof(RoutingRuleOptions.IacFlavor),
        nameof(RoutingRuleOptions.MentionGroup),
    ];

    private const string RulesKey = nameof(RoutingOptions.Rules);

    /// <summary>The keys of the <c>Routing:Rules</c> children, in the order binding reads them.</summary>
    public static IReadOnlyList<string> RuleKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. Rules(configuration).Select(r => r.Key)];
    }

    /// <summary>One line per key under <c>Routing</c> that binding would ignore or misread.</summary>
    public static IReadOnlyList<string> RoutingProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var routing = configuration.GetSection(RoutingOptions.SectionName);
        foreach (var child in routing.GetChildren().Where(c => !IsKey(c, RulesKey)))
        {
            problems.Add($"{child.Path} is not a routing key; expected {RoutingOptions.SectionName}:{RulesKey}:{{i}}:…");
        }

        if (routing.GetSection(RulesKey).Value is not null)
        {
            problems.Add($"{RoutingOptions.SectionName}:{RulesKey} is a single value; expected a list of rules ({RoutingOptions.SectionName}:{RulesKey}:0:Channel, …)");
        }

        foreach (var rule in Rules(configuration))
        {
            if (rule.Value is not null)
            {
                problems.Add($"{rule.Path} is a single value; expected a rule ({rule.Path}:Channel and its match keys)");
            }

            foreach (var key in rule.GetChildren())
            {
                if (ValueKeys.Any(k => IsKey(key, k)))
                {
                    if (key.GetChildren().Any())
                    {
                        problems.Add($"{key.Path} is a list; expected a single value");
                    }
                }
                else if (!ListKeys.Any(k => IsKey(key, k)))
                {
                    problems.Add($"{key.Path} is not a routing rule key; expected one of {string.Join(", ", ValueKeys.Concat(ListKeys))}");
                }
            }
        }

        return problems;
    }

    /// <summary>One line per <c>Accounts</c> entry that is not <c>Accounts:{12-digit id}:Name</c>.</summary>
    public static IReadOnlyList<string> AccountProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var account in configuration.GetSection(AccountsOptions.SectionName).GetChildren())
        {
            if (!RoutingRuleParser.IsAccountId(account.Key))
            {
                problems.Add($"{account.Path} \"{account.Key}\" is not a 12-digit AWS account id");
            }

            if (account.Value is not null)
            {
                problems.Add($"{account.Path} is a single value; expected the name as {account.Path}:{nameof(AccountOptions.Name)}");
            }

            foreach (var key in account.GetChildren())
            {
                if (!IsKey(key, nameof(AccountOptions.Name)))
                {
                    problems.Add($"{key.Path} is not an account key; expected {account.Path}:{nameof(AccountOptions.Name)}");
                }
                else if (string.IsNullOrWhiteSpace(key.Value))
                {
                    problems.Add($"{key.Path} is empty; expected the account's name (such as prod-payments)");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Lets a list key be written as one comma-separated value (<c>Routing__Rules__0__Accounts=111122223333,444455556666</c>),
    /// as environment variables, Helm values and SAM parameters find easiest; binding alone would leave the list empty.
    /// </summary>
    public static void ExpandCommaSeparatedLists(RoutingOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var rules = Rules(configuration);
        if (rules.Count != options.Rules.Count)
        {
            return;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            foreach (var key in ListKeys)
            {
                var list = ListOf(options.Rules[i], key);
                if (list.Count == 0 && rules[i].GetSection(key).Value is { Length: > 0 } joined)
                {
                    list.AddRange(joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
    }

    private static List<string> ListOf(RoutingRuleOptions rule, string key) => key switch
    {
        nameof(RoutingRuleOptions.AlsoChannels) => rule.AlsoChannels,
        nameof(RoutingRuleOptions.Accounts) => rule.Accounts,
        nameof(RoutingRuleOptions.Regions) => rule.Regions,
        nameof(RoutingRuleOptions.Products) => rule.Products,
        nameof(RoutingRuleOptions.Controls) => rule.Controls,
        nameof(RoutingRuleOptions.ResourceTags) => rule.ResourceTags,
        _ => rule.Approvers,
    };

    private static List<IConfigurationSection> Rules(IConfiguration configuration) =>
        [.. configuration.GetSection($"{RoutingOptions.SectionName}:{RulesKey}").GetChildren()];

    private static bool IsKey(IConfigurationSection section, string key) => string.Equals(section.Key, key, StringComparison.OrdinalIgnoreCase);
}

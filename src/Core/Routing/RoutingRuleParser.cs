using System.Globalization;
using System.Text.RegularExpressions;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>
/// Checks one <c>Routing:Rules:{i}</c> entry and builds its <see cref="RoutingRule"/>. Every problem becomes one line
/// naming the full key (<c>Routing:Rules:2:Accounts:0</c>) and what it accepts, so a start-up failure says where to look.
/// </summary>
public static partial class RoutingRuleParser
{
    public const string SeverityChoices = "INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL";

    public const string IacFlavorChoices = "terraform, cdk, cloudformation, console";

    /// <summary>The rule built from <paramref name="options"/>, or null when it has problems (added to <paramref name="problems"/>).</summary>
    public static RoutingRule? Parse(RoutingRuleOptions options, string path, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;

        var channel = options.Channel?.Trim();
        if (string.IsNullOrEmpty(channel))
        {
            problems.Add($"{path}:Channel is required: the id of the Slack channel this rule posts to (C… or G…, such as C0123456789)");
        }
        else if (!SlackIds.IsChannel(channel))
        {
            problems.Add($"{path}:Channel \"{channel}\" is not a Slack channel id (C… or G…, such as C0123456789)");
        }

        var alsoChannels = Entries(options.AlsoChannels, $"{path}:AlsoChannels", problems, SlackIds.IsChannel, "is not a Slack channel id (C… or G…, such as C0123456789)");
        for (var j = 0; j < alsoChannels.Count; j++)
        {
            if (alsoChannels[j] == channel || alsoChannels.IndexOf(alsoChannels[j]) < j)
            {
                problems.Add($"{path}:AlsoChannels:{j.ToString(CultureInfo.InvariantCulture)} \"{alsoChannels[j]}\" is already a channel of this rule");
            }
        }

        var conditions = new List<RuleCondition>();
        AddListCondition(conditions, "Accounts", Entries(options.Accounts, $"{path}:Accounts", problems, IsAccountId, "is not a 12-digit AWS account id"), f => Present(f.AwsAccountId), string.Equals);
        AddListCondition(conditions, "Regions", Entries(options.Regions, $"{path}:Regions", problems, IsRegion, "is not an AWS region code (such as eu-west-1)"), f => Present(f.Region), RegionMatches);
        AddListCondition(conditions, "Products", Entries(options.Products, $"{path}:Products", problems, IsProduct, "is not a product name (GuardDuty) or a Security Hub product ARN (arn:aws:securityhub:us-east-1::product/aws/guardduty)"), f => Present(ProductNameOf(f), f.ProductArn), ProductMatches);
        AddListCondition(conditions, "Controls", Entries(options.Controls, $"{path}:Controls", problems, IsControl, "is not a control id (S3.1) or a prefix ending in * (S3.*)"), f => Present(f.ControlId), ControlMatches);
        AddListCondition(conditions, "ResourceTags", Entries(options.ResourceTags, $"{path}:ResourceTags", problems, IsTag, "is not a resource tag as key=value (such as team=payments)"), ResourceTagsOf, string.Equals);

        if (options.MinSeverity is { } minSeverity)
        {
            if (FindingSeverity.TryParseLabel(minSeverity, out var label))
            {
                conditions.Add(new MinSeverityCondition(label));
            }
            else
            {
                problems.Add($"{path}:MinSeverity is \"{minSeverity}\"; expected one of {SeverityChoices}");
            }
        }

        IacFlavor? flavor = null;
        if (options.IacFlavor is { } flavorText)
        {
            flavor = ParseIacFlavor(flavorText);
            if (flavor is null)
            {
                problems.Add($"{path}:IacFlavor is \"{flavorText}\"; expected one of {IacFlavorChoices}");
            }
        }

        var approvers = Entries(options.Approvers, $"{path}:Approvers", problems, SlackIds.IsUserOrGroup, "is not a Slack user id (U… or W…) or user-group id (S…)");

        var mentionGroup = options.MentionGroup?.Trim();
        if (mentionGroup is not null && !SlackIds.IsUserGroup(mentionGroup))
        {
            problems.Add($"{path}:MentionGroup \"{mentionGroup}\" is not a Slack user-group id (S…, such as S0614TZR7)");
        }

        if (problems.Count > before)
        {
            return null;
        }

        if (ProductsOutsideRegions(conditions) is { } regions)
        {
            problems.Add($"{path}:Products can never match: every product ARN names a region that is not in Regions ({regions})");
            return null;
        }

        return new RoutingRule
        {
            Path = path,
            Channel = channel!,
            AlsoChannels = alsoChannels,
            Conditions = conditions,
            IacFlavor = flavor,
            Approvers = approvers,
            MentionGroup = string.IsNullOrEmpty(mentionGroup) ? null : mentionGroup,
        };
    }

    public static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    public static IacFlavor? ParseIacFlavor(string text) =>
        Enum.GetValues<IacFlavor>().Cast<IacFlavor?>().FirstOrDefault(f => string.Equals(f.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A trailing * makes a control a prefix ("S3.*" takes S3.1 and S3.12); anything else is an exact id.</summary>
    public static bool ControlMatches(string pattern, string control) =>
        pattern.EndsWith('*')
            ? control.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, control, StringComparison.OrdinalIgnoreCase);

    /// <summary>An ARN is compared exactly with the finding's product ARN; a name, case-insensitively with its product name.</summary>
    public static bool ProductMatches(string pattern, string product) =>
        IsArn(pattern) ? string.Equals(pattern, product, StringComparison.Ordinal) : string.Equals(pattern, product, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The finding's ProductName, else the name Security Hub gives the AWS product its ARN names: some products
    /// (GuardDuty's documented samples among them) leave ProductName out.
    /// </summary>
    private static string? ProductNameOf(Finding finding) => finding.ProductName ?? finding.Product switch
    {
        FindingProduct.SecurityHubControl => "Security Hub",
        FindingProduct.GuardDuty => "GuardDuty",
        FindingProduct.Inspector => "Inspector",
        FindingProduct.AccessAnalyzer => "IAM Access Analyzer",
        FindingProduct.Config => "Config",
        FindingProduct.Health => "Health",
        FindingProduct.Macie => "Macie",
        _ => null,
    };

    private static bool RegionMatches(string pattern, string region) => string.Equals(pattern, region, StringComparison.OrdinalIgnoreCase);

    private static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    private static bool IsProduct(string value) => !IsArn(value) || ProductArnPattern().IsMatch(value);

    private static bool IsControl(string value) => value.IndexOf('*', StringComparison.Ordinal) is -1 || value.IndexOf('*', StringComparison.Ordinal) == value.Length - 1;

    private static bool IsTag(string value) => value.IndexOf('=', StringComparison.Ordinal) > 0;

    private static bool IsArn(string value) => value.StartsWith("arn:", StringComparison.Ordinal);

    private static IEnumerable<string> ResourceTagsOf(Finding finding) =>
        finding.Resources.SelectMany(r => r.Tags).Select(t => $"{t.Key}={t.Value}").Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> Present(params string?[] facts) => facts.Where(f => !string.IsNullOrEmpty(f))!;

    /// <summary>The trimmed entries of a list key; an entry that fails <paramref name="isValid"/> or is empty becomes a problem.</summary>
    private static List<string> Entries(List<string> raw, string key, ICollection<string> problems, Func<string, bool> isValid, string invalid)
    {
        var entries = new List<string>(raw.Count);
        for (var j = 0; j < raw.Count; j++)
        {
            var entry = raw[j]?.Trim() ?? string.Empty;
            if (!isValid(entry))
            {
                problems.Add($"{key}:{j.ToString(CultureInfo.InvariantCulture)} \"{entry}\" {invalid}");
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static void AddListCondition(
        List<RuleCondition> conditions, string key, List<string> values, Func<Finding, IEnumerable<string>> factsOf, Func<string, string, bool> matches)
    {
        if (values.Count > 0)
        {
            conditions.Add(new AnyOfCondition(key, values, factsOf, matches));
        }
    }

    /// <summary>Product ARNs carry the region they were written in: with Regions also given, an ARN from another region never matches.</summary>
    private static string? ProductsOutsideRegions(List<RuleCondition> conditions)
    {
        if (conditions.OfType<AnyOfCondition>().FirstOrDefault(c => c.Key == "Regions") is not { } regions
            || conditions.OfType<AnyOfCondition>().FirstOrDefault(c => c.Key == "Products") is not { } products
            || !products.Values.All(IsArn))
        {
            return null;
        }

        var arnRegions = products.Values.Select(p => p.Split(':')[3]).ToList();
        return arnRegions.Any(r => r.Length == 0 || regions.Values.Any(mine => RegionMatches(mine, r)))
            ? null
            : string.Join(", ", arnRegions.Distinct(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^arn:[a-z-]+:securityhub:[a-z0-9-]*:\d{0,12}:product(?:v2)?/[^/\s]+/[^/\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductArnPattern();
}

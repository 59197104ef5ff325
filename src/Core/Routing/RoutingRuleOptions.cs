namespace SecHubBot.Core.Routing;

/// <summary>
/// One <c>Routing:Rules:{i}</c> entry as configured. Every match key that is given must match; a list matches
/// when any of its values does. <see cref="RoutingRule.Parse"/> turns it into a checked rule.
/// </summary>
public sealed class RoutingRuleOptions
{
    /// <summary>The channel id (C…/G…) alerts matching this rule are posted to.</summary>
    public string? Channel { get; set; }

    /// <summary>More channels that get their own copy (and thread) of each matching alert.</summary>
    public List<string> AlsoChannels { get; set; } = [];

    /// <summary>12-digit AWS account ids.</summary>
    public List<string> Accounts { get; set; } = [];

    /// <summary>Region codes such as eu-west-1.</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>Product names ("GuardDuty") or product ARNs ("arn:aws:securityhub:us-east-1::product/aws/guardduty").</summary>
    public List<string> Products { get; set; } = [];

    /// <summary>Control ids ("S3.1") or prefixes ending in <c>*</c> ("S3.*").</summary>
    public List<string> Controls { get; set; } = [];

    /// <summary><c>key=value</c> pairs; any of the finding's resources carrying the tag matches.</summary>
    public List<string> ResourceTags { get; set; } = [];

    /// <summary>The lowest severity label this rule takes.</summary>
    public string? MinSeverity { get; set; }

    /// <summary>terraform, cdk, cloudformation or console; unset means <c>Explain:IacFlavor</c>.</summary>
    public string? IacFlavor { get; set; }

    /// <summary>Slack user (U…/W…) and user-group (S…) ids who may Resolve/Suppress/Reopen; empty means <c>Authorization:Approvers</c>.</summary>
    public List<string> Approvers { get; set; } = [];

    /// <summary>One Slack user-group id (S…) mentioned on CRITICAL alerts of this rule: the only mention SecHubBot writes, and only when configured.</summary>
    public string? MentionGroup { get; set; }
}

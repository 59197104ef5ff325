using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>One match key of a routing rule (Accounts, Regions, Products, Controls, ResourceTags, MinSeverity).</summary>
public abstract class RuleCondition(string key)
{
    /// <summary>The configuration key under the rule, such as "Accounts".</summary>
    public string Key { get; } = key;

    /// <summary>What this key matched ("Accounts 111122223333"), or null when the finding does not match it.</summary>
    public abstract string? Match(Finding finding);

    /// <summary>Why the finding does not match this key, for the preview.</summary>
    public abstract string Mismatch(Finding finding);

    /// <summary>Whether this key accepts every finding <paramref name="later"/> (the same key of a later rule) accepts.</summary>
    public abstract bool Covers(RuleCondition later);
}

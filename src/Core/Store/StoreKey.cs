using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Store;

/// <summary>
/// The partition key (<c>pk</c>) of one item of the store of record. Three kinds (DESIGN.md §2):
/// <c>finding#&lt;product arn&gt;#&lt;finding id&gt;</c>, <c>group#&lt;account&gt;#&lt;region&gt;#&lt;control&gt;#&lt;channel&gt;</c>
/// and <c>thread#&lt;channel&gt;#&lt;ts&gt;</c>. Product ARNs hold no '#', so a finding key splits back into its ref.
/// </summary>
public readonly record struct StoreKey(string Value)
{
    private const string FindingPrefix = "finding#";
    private const string GroupPrefix = "group#";
    private const string ThreadPrefix = "thread#";

    public static StoreKey Finding(FindingRef finding) => new(FindingPrefix + finding.ProductArn + "#" + finding.Id);

    /// <summary>A storm group: the findings of one control in one account and region, alerted in one channel.</summary>
    public static StoreKey Group(string account, string region, string control, string channel) =>
        new(string.Join('#', GroupPrefix + account, region, control, channel));

    public static StoreKey Thread(StoredThread thread) => new(ThreadPrefix + thread.Channel + "#" + thread.Ts);

    public bool IsFinding => Value.StartsWith(FindingPrefix, StringComparison.Ordinal);

    /// <summary>The finding a <c>finding#…</c> key names; false for other kinds.</summary>
    public bool TryGetFinding(out FindingRef finding)
    {
        finding = default;
        if (!IsFinding)
        {
            return false;
        }

        var rest = Value[FindingPrefix.Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0 || hash == rest.Length - 1)
        {
            return false;
        }

        finding = new FindingRef(rest[(hash + 1)..], rest[..hash]);
        return true;
    }

    public override string ToString() => Value;
}

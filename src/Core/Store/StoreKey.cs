using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Store;

/// <summary>
/// The partition key (<c>pk</c>) of one item of the store of record. Three kinds (DESIGN.md §2):
/// <c>finding#&lt;channel&gt;#&lt;product arn&gt;#&lt;finding id&gt;</c>, <c>group#&lt;account&gt;#&lt;region&gt;#&lt;control&gt;#&lt;channel&gt;</c>
/// and <c>thread#&lt;channel&gt;#&lt;ts&gt;</c>. A finding routed to several channels (fan-out) has a thread, and so a record,
/// in each. Channel ids and product ARNs hold no '#', so a finding key splits back into its channel and ref.
/// </summary>
public readonly record struct StoreKey(string Value)
{
    private const string FindingPrefix = "finding#";
    private const string GroupPrefix = "group#";
    private const string ThreadPrefix = "thread#";

    /// <summary>A finding's record in one channel: where its thread there is and what we last wrote in it.</summary>
    public static StoreKey Finding(FindingRef finding, string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (channel.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Slack channel id holds no '#'.", nameof(channel));
        }

        return new(FindingPrefix + channel + "#" + finding.ProductArn + "#" + finding.Id);
    }

    /// <summary>A storm group: the findings of one control in one account and region, alerted in one channel.</summary>
    public static StoreKey Group(string account, string region, string control, string channel) =>
        new(string.Join('#', GroupPrefix + account, region, control, channel));

    public static StoreKey Thread(StoredThread thread) => new(ThreadPrefix + thread.Channel + "#" + thread.Ts);

    public bool IsFinding => Value.StartsWith(FindingPrefix, StringComparison.Ordinal);

    /// <summary>The finding a <c>finding#…</c> key names; false for other kinds.</summary>
    public bool TryGetFinding(out FindingRef finding) => TryGetFinding(out finding, out _);

    /// <summary>The finding a <c>finding#…</c> key names and the channel its thread is in; false for other kinds.</summary>
    public bool TryGetFinding(out FindingRef finding, out string channel)
    {
        finding = default;
        channel = string.Empty;
        if (!IsFinding)
        {
            return false;
        }

        var rest = Value[FindingPrefix.Length..];
        var first = rest.IndexOf('#', StringComparison.Ordinal);
        var second = first <= 0 ? -1 : rest.IndexOf('#', first + 1);
        if (second <= first + 1 || second == rest.Length - 1)
        {
            return false;
        }

        channel = rest[..first];
        finding = new FindingRef(rest[(second + 1)..], rest[(first + 1)..second]);
        return true;
    }

    public override string ToString() => Value;
}

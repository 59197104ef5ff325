namespace SecHubBot.Ingest.Pipeline;

/// <summary>One alert to post: a single finding, or a storm's group of findings that share a thread.</summary>
internal sealed record AlertUnit(IReadOnlyList<AlertDecision> Members)
{
    public bool IsGroup => Members.Count > 1;

    public AlertDecision First => Members[0];
}

/// <summary>
/// Storms: more than <c>threshold</c> new findings of one control in one account and region within a
/// batch become one grouped alert (enabling a standard raises hundreds at once; one thread per
/// finding would bury the channel and take minutes at Slack's one message a second). Findings that are
/// not control checks are never grouped: their problem key is too coarse to share one thread.
/// </summary>
internal static class StormGrouper
{
    public static IReadOnlyList<AlertUnit> Group(IReadOnlyList<AlertDecision> news, int threshold)
    {
        ArgumentNullException.ThrowIfNull(news);
        var counts = news.Where(d => d.Current.ControlId is not null)
            .GroupBy(Key)
            .ToDictionary(g => g.Key, g => g.Count());

        var units = new List<AlertUnit>();
        var groups = new Dictionary<(string?, string?, string?), List<AlertDecision>>();
        foreach (var decision in news)
        {
            var key = Key(decision);
            if (decision.Current.ControlId is null || counts[key] <= threshold)
            {
                units.Add(new AlertUnit([decision]));
                continue;
            }

            if (!groups.TryGetValue(key, out var members))
            {
                members = [];
                groups[key] = members;
                units.Add(new AlertUnit(members));
            }

            members.Add(decision);
        }

        return units;
    }

    private static (string?, string?, string?) Key(AlertDecision decision) =>
        (decision.Current.ControlId, decision.Current.AwsAccountId, decision.Current.Region);
}

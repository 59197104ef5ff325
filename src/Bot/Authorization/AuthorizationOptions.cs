namespace SecHubBot.Bot.Authorization;

/// <summary>The <c>Authorization</c> section: who may Resolve, Suppress and Reopen, and who may look findings up.</summary>
public sealed class AuthorizationOptions
{
    public const string SectionName = "Authorization";

    /// <summary>
    /// <c>Authorization:Approvers</c>: Slack user ids (U…, W…) and user-group ids (S…), as a list or one
    /// comma- or space-separated string (the Helm chart writes the latter). Empty: nobody (deny by default).
    /// </summary>
    public IReadOnlyList<string> Approvers { get; set; } = [];

    /// <summary>
    /// <c>Authorization:Viewers</c>: who may look up any finding with <c>/sechub explain</c>, besides the approvers;
    /// same forms as <see cref="Approvers"/>. Empty: approvers only.
    /// </summary>
    public IReadOnlyList<string> Viewers { get; set; } = [];

    /// <summary>How long a user group's members are remembered before usergroups.users.list is asked again.</summary>
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> Parse(IEnumerable<string?> raw) =>
        [.. raw.SelectMany(v => (v ?? string.Empty).Split([',', ' ', ';', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)];

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (key, ids) in new[] { ("Approvers", Approvers), ("Viewers", Viewers) })
        {
            foreach (var id in ids)
            {
                if (id.Length < 2 || id[0] is not ('U' or 'W' or 'S') || !id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
                {
                    problems.Add($"Authorization:{key} entry \"{id}\" is not a Slack user id (U…/W…) or user-group id (S…)");
                }
            }
        }

        if (GroupCacheDuration < TimeSpan.Zero)
        {
            problems.Add("Authorization:GroupCacheDuration must not be negative");
        }

        return problems;
    }
}

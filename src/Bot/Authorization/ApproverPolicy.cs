using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Authorization;

/// <summary>
/// Who may change a finding (DESIGN.md §4: deny by default). A user is an approver when
/// <c>Authorization:Approvers</c> lists their user id, or a user group they belong to. Group members
/// come from usergroups.users.list and are cached for <see cref="AuthorizationOptions.GroupCacheDuration"/>,
/// so a burst of clicks costs one call per group. Once the cache duration has passed, a failed lookup denies:
/// a member removed from the group must not keep approving because Slack is unreachable.
/// </summary>
public sealed partial class ApproverPolicy(
    IOptions<AuthorizationOptions> options, SlackApiClient slack, TimeProvider time, ILogger<ApproverPolicy> logger)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, HashSet<string> Members)> _groups = new(StringComparer.Ordinal);
    private readonly AuthorizationOptions _options = options.Value;

    public IReadOnlyList<string> Approvers => _options.Approvers;

    public bool IsConfigured => _options.Approvers.Count > 0;

    public Task<bool> IsApproverAsync(string userId, CancellationToken cancellationToken) => IsApproverAsync(userId, _options.Approvers, cancellationToken);

    /// <summary>Whether <paramref name="userId"/> is one of <paramref name="approvers"/> (a route's, see <see cref="RouteApprovers"/>) or in one of its groups.</summary>
    public Task<bool> IsApproverAsync(string userId, IReadOnlyList<string> approvers, CancellationToken cancellationToken) =>
        IsListedAsync(approvers, userId, cancellationToken);

    /// <summary>
    /// Who may look up any finding (<c>/sechub explain</c>): the approvers, and <c>Authorization:Viewers</c>. A
    /// lookup shows a finding of any account to whoever asks, so it is granted by name like a change, never by
    /// being in a channel.
    /// </summary>
    public async Task<bool> IsViewerAsync(string userId, CancellationToken cancellationToken) =>
        await IsListedAsync(_options.Viewers, userId, cancellationToken).ConfigureAwait(false)
        || await IsApproverAsync(userId, cancellationToken).ConfigureAwait(false);

    private async Task<bool> IsListedAsync(IReadOnlyList<string> listed, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(listed);
        if (listed.Contains(userId, StringComparer.Ordinal))
        {
            return true;
        }

        foreach (var group in listed.Where(a => a.StartsWith('S')))
        {
            var members = await MembersAsync(group, cancellationToken).ConfigureAwait(false);
            if (members.Contains(userId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The approvers as mrkdwn people can read: user mentions and user-group mentions.</summary>
    public string DescribeApprovers() => DescribeApprovers(_options.Approvers);

    /// <summary><paramref name="approvers"/> (checked Slack ids from configuration) as mrkdwn mentions.</summary>
    public static string DescribeApprovers(IReadOnlyList<string> approvers) => approvers.Count == 0
        ? "nobody yet"
        : string.Join(", ", approvers.Select(a => a.StartsWith('S') ? $"<!subteam^{a}>" : $"<@{a}>"));

    private async Task<HashSet<string>> MembersAsync(string group, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_groups.TryGetValue(group, out var cached) && now - cached.At < _options.GroupCacheDuration)
        {
            return cached.Members;
        }

        try
        {
            var members = (await slack.ListUserGroupMembersAsync(group, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            _groups[group] = (now, members);
            return members;
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            LogGroupLookupFailed(logger, group, ex is SlackApiException api ? api.Error : ex.GetType().Name);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the members of user group {Group} ({Error}); its members are treated as not approved")]
    private static partial void LogGroupLookupFailed(ILogger logger, string group, string error);
}

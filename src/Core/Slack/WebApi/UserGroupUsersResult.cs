namespace SecHubBot.Core.Slack.WebApi;

/// <summary>usergroups.users.list's answer: the members' user IDs.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/usergroups.users.list</remarks>
public sealed record UserGroupUsersResult
{
    public IReadOnlyList<string> Users { get; init; } = [];
}

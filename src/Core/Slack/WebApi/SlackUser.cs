namespace SecHubBot.Core.Slack.WebApi;

/// <summary>The parts of users.info we use: who clicked, for the audit Note.</summary>
/// <remarks>https://docs.slack.dev/reference/objects/user-object</remarks>
public sealed record SlackUser
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? RealName { get; init; }

    public bool IsBot { get; init; }

    public bool Deleted { get; init; }

    public SlackUserProfile? Profile { get; init; }

    /// <summary>The name people see: display name, then real name, then handle, then the id.</summary>
    public string DisplayName =>
        FirstSet(Profile?.DisplayName, Profile?.RealName, RealName, Name) ?? Id;

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

public sealed record SlackUserProfile
{
    public string? DisplayName { get; init; }

    public string? RealName { get; init; }

    /// <summary>Present only with the users:read.email scope, which we do not ask for.</summary>
    public string? Email { get; init; }
}

/// <summary>users.info's answer.</summary>
public sealed record UserInfoResult
{
    public required SlackUser User { get; init; }
}

namespace SecHubBot.Core.Routing;

/// <summary>One <c>Accounts:{id}</c> entry.</summary>
public sealed class AccountOptions
{
    /// <summary>The name people know the account by, shown beside its id.</summary>
    public string? Name { get; set; }
}

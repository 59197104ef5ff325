using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Routing;

/// <summary>
/// Account names from <c>Accounts:{id}:Name</c>, so alerts show "prod-payments (111122223333)" rather than a bare id.
/// The names are the operator's, but the composer still escapes them like any text it lays out.
/// </summary>
public sealed class AccountNames
{
    private readonly Dictionary<string, string> _names;

    public AccountNames(IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new Dictionary<string, string>(names, StringComparer.Ordinal);
    }

    public AccountNames(IOptions<AccountsOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value
            .Where(a => !string.IsNullOrWhiteSpace(a.Value.Name))
            .ToDictionary(a => a.Key, a => a.Value.Name!.Trim(), StringComparer.Ordinal))
    {
    }

    /// <summary>The configured name of <paramref name="accountId"/>, or null.</summary>
    public string? NameOf(string? accountId) => accountId is not null && _names.TryGetValue(accountId, out var name) ? name : null;

    /// <summary>"prod-payments (111122223333)" when the account has a name, else the id; null for a finding that names no account.</summary>
    public string? Display(string? accountId) => NameOf(accountId) is { } name ? $"{name} ({accountId})" : accountId;
}

using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Routing;

/// <summary>
/// The <c>Accounts</c> configuration section, keyed by 12-digit account id: <c>Accounts:111122223333:Name=prod-payments</c>.
/// It is the dictionary itself because the account id is the key, not a property.
/// </summary>
public sealed class AccountsOptions : Dictionary<string, AccountOptions>
{
    public const string SectionName = "Accounts";

    public AccountsOptions()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>One line per entry of the raw <paramref name="configuration"/> that is not <c>Accounts:{12-digit id}:Name</c>.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration) => RoutingConfigurationCheck.AccountProblems(configuration);
}

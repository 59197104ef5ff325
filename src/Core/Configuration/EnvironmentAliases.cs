using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Configuration;

/// <summary>
/// The conventional environment variable names (SLACK_BOT_TOKEN, AWS_REGION, ...) as aliases of
/// our configuration keys (DESIGN.md §3). Added before the other sources, so an explicit
/// <c>Slack__BotToken</c> or command-line value wins over an alias.
/// </summary>
public static class EnvironmentAliases
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SLACK_BOT_TOKEN"] = "Slack:BotToken",
        ["SLACK_APP_TOKEN"] = "Slack:AppToken",
        ["SLACK_SIGNING_SECRET"] = "Slack:SigningSecret",
        ["AWS_REGION"] = "Aws:Region",
    };

    public static IConfigurationBuilder AddEnvironmentAliases(this IConfigurationBuilder builder, Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            if (getEnvironment(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return builder.AddInMemoryCollection(values);
    }
}

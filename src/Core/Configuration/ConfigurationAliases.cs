using Microsoft.Extensions.Configuration;

namespace SecHubBot.Core.Configuration;

/// <summary>
/// The one place for the conventional names Slack's, AWS's and OpenTelemetry's own tools read (SLACK_BOT_TOKEN, AWS_REGION, ...)
/// as aliases of our configuration keys. An explicit key (appsettings, <c>Section__Key</c>, command line) always
/// wins; of several aliases the first one set wins (AWS_REGION before AWS_DEFAULT_REGION, as the AWS SDKs read them).
/// </summary>
public static class ConfigurationAliases
{
    public static readonly IReadOnlyList<(string Key, string[] Aliases)> Map =
    [
        ("Slack:BotToken", ["SLACK_BOT_TOKEN"]),
        ("Slack:AppToken", ["SLACK_APP_TOKEN"]),
        ("Slack:SigningSecret", ["SLACK_SIGNING_SECRET"]),
        ("Aws:Region", ["AWS_REGION", "AWS_DEFAULT_REGION"]),
        ("Telemetry:OtlpEndpoint", ["OTEL_EXPORTER_OTLP_ENDPOINT"]),
    ];

    /// <summary>
    /// Call after every other source is added: environment variables are configuration keys of their own
    /// (the unprefixed environment source), so each alias is read from the configuration itself, and an
    /// in-memory source supplies it under our key only where no source set that key.
    /// </summary>
    public static IConfigurationManager AddAliases(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, aliases) in Map)
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                continue;
            }

            if (aliases.Select(alias => configuration[alias]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value)
            {
                values[key] = value.Trim();
            }
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }

        return configuration;
    }
}

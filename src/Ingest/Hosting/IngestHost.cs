using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SecHubBot.Core.Configuration;

namespace SecHubBot.Ingest.Hosting;

/// <summary>
/// The one host builder of the Lambda, the CLI preview and <c>--post</c>: an empty builder (no default logging
/// providers, no file watchers: a cold start pays only for what the first poll needs) with the configuration built
/// once: appsettings.json beside the executable, the JSON settings in <see cref="SettingsVariable"/>, environment
/// variables, then settings given on the command line, then the conventional aliases (<see cref="ConfigurationAliases"/>)
/// where no key was set.
/// </summary>
internal static class IngestHost
{
    /// <summary>
    /// An environment variable holding settings as appsettings JSON (<c>{"Routing":{"Rules":[…]},"Accounts":{…}}</c>):
    /// how the SAM template's RoutingSettings parameter passes routing rules, a shape people keep in one file.
    /// </summary>
    public const string SettingsVariable = "SECHUBBOT_SETTINGS";

    /// <param name="settings">Configuration keys as <c>Section:Key=value</c> (the CLI's overrides; tests' settings).</param>
    /// <param name="readEnvironment">False keeps the process environment out (tests give every value in <paramref name="settings"/>).</param>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<string> settings, bool readEnvironment = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "SecHubBot.Ingest",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (readEnvironment)
        {
            if (Environment.GetEnvironmentVariable(SettingsVariable) is { Length: > 0 } json)
            {
                AddSettingsJson(builder.Configuration, json);
            }

            builder.Configuration.AddEnvironmentVariables();
        }

        builder.Configuration.AddCommandLine([.. settings.Select(s => "--" + s)]);
        builder.Configuration.AddAliases();
        return builder;
    }

    /// <summary>Adds appsettings-shaped JSON; JSON that does not parse is a configuration error naming the variable, not a stack trace.</summary>
    internal static void AddSettingsJson(IConfigurationBuilder configuration, string json)
    {
        try
        {
            System.Text.Json.JsonDocument.Parse(json).Dispose();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidConfigurationException(SettingsVariable, $"{SettingsVariable} is not JSON settings ({{\"Routing\":{{\"Rules\":[…]}},\"Accounts\":{{…}}}}): {ex.Message}");
        }

        configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}

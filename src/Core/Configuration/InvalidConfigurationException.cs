namespace SecHubBot.Core.Configuration;

/// <summary>A configuration value is missing or invalid; the message names the key and what it accepts.</summary>
public sealed class InvalidConfigurationException(string key, string message) : Exception(message)
{
    public string Key { get; } = key;
}

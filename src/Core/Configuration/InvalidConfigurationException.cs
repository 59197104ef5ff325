using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Configuration;

/// <summary>
/// The configuration is missing or invalid: one entry in <see cref="Problems"/> per problem, each naming its key
/// and what it accepts. Hosts print one line per problem and no stack trace.
/// </summary>
public sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException(string key, string message)
        : this([message])
    {
        Key = key;
    }

    public InvalidConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>The key of a single problem raised outside options validation; null for a list from validation.</summary>
    public string? Key { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Runs every options validation registered with <c>ValidateOnStart</c> now, before anything is served or
    /// posted, and turns all failures into one <see cref="InvalidConfigurationException"/> (instead of the host
    /// logging an <see cref="OptionsValidationException"/> with its stack when it starts).
    /// </summary>
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            (services.GetService(typeof(IStartupValidator)) as IStartupValidator)?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new InvalidConfigurationException([.. ex.Failures]);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new InvalidConfigurationException([.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).Distinct(StringComparer.Ordinal)]);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key and the type it expected ("... at 'Bot:ReplyMode' to type ...").
            throw new InvalidConfigurationException([ex.Message]);
        }
    }
}

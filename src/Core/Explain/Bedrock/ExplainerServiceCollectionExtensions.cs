using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Aws;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>Which explainer runs, and why (for the startup log and the CLI preview).</summary>
public sealed record ExplainModeDecision(ExplainMode Mode, string Reason);

public enum ExplainMode
{
    Offline,
    Bedrock,
}

public static class ExplainerServiceCollectionExtensions
{
    /// <summary>
    /// <c>Explain:Mode</c> when set; otherwise bedrock if a region and a credential source resolve
    /// (<see cref="AwsCredentialProbe"/>, no network), else offline.
    /// </summary>
    public static ExplainModeDecision DecideMode(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var aws = AwsOptions.From(configuration, environment);
        var configured = configuration[$"{ExplainOptions.SectionName}:Mode"]?.Trim();
        switch (configured?.ToLowerInvariant())
        {
            case "bedrock":
                aws.RequireRegion();
                return new ExplainModeDecision(ExplainMode.Bedrock, "Explain:Mode=bedrock");
            case "offline":
                return new ExplainModeDecision(ExplainMode.Offline, "Explain:Mode=offline");
            case null or "":
                break;
            default:
                throw new SecHubBot.Core.Configuration.InvalidConfigurationException("Explain:Mode", $"Explain:Mode is \"{configured}\"; expected bedrock or offline.");
        }

        if (string.IsNullOrWhiteSpace(aws.Region))
        {
            return new ExplainModeDecision(ExplainMode.Offline, "no AWS region (Aws:Region / AWS_REGION)");
        }

        var source = AwsCredentialProbe.DescribeCredentialSource(environment);
        return source is null
            ? new ExplainModeDecision(ExplainMode.Offline, "no AWS credentials found (set Explain:Mode=bedrock to use instance metadata)")
            : new ExplainModeDecision(ExplainMode.Bedrock, "AWS credentials from " + source);
    }

    /// <summary>
    /// Registers <see cref="IFindingExplainer"/>: the model (cached per control, falling back to
    /// offline text) when the mode is bedrock, else the offline explainer <paramref name="offlineFactory"/> builds.
    /// Also registers <see cref="ExplainModeDecision"/> and, in bedrock mode, <see cref="BedrockChatClientFactory"/>
    /// (its <c>CreateChatClient()</c> serves thread answers with <c>Bedrock:ChatModel</c>).
    /// <paramref name="environment"/> replaces the process environment for the mode decision (tests).
    /// </summary>
    public static IServiceCollection AddFindingExplainer(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, IFindingExplainer> offlineFactory,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(offlineFactory);

        var explain = configuration.GetSection(ExplainOptions.SectionName).Get<ExplainOptions>() ?? new ExplainOptions();
        var flavor = explain.Flavor;
        var decision = DecideMode(configuration, environment);
        services.AddSingleton(explain);
        services.AddSingleton(decision);
        if (decision.Mode == ExplainMode.Offline)
        {
            services.AddSingleton<IFindingExplainer>(offlineFactory);
            return services;
        }

        var bedrock = configuration.GetSection(BedrockOptions.SectionName).Get<BedrockOptions>() ?? new BedrockOptions();
        bedrock.Validate();
        services.AddAwsCore(configuration);
        services.AddSingleton(bedrock);
        services.AddSingleton(sp => new BedrockChatClientFactory(
            sp.GetRequiredService<AwsCredentialSource>(), sp.GetRequiredService<AwsOptions>(), bedrock,
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IFindingExplainer>(sp =>
        {
            var offline = offlineFactory(sp);
            var chat = sp.GetRequiredService<BedrockChatClientFactory>().CreateAlertClient();
            var model = new ModelExplainer(
                chat, offline, bedrock.AlertModel, flavor, bedrock.AlertTimeout, bedrock.AlertMaxOutputTokens,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelExplainer>());
            return new CachingExplainer(model, offline, bedrock.AlertModel, flavor);
        });
        return services;
    }
}

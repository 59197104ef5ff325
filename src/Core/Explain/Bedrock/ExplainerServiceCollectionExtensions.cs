using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;

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
    /// <c>Explain:Mode</c> when it is bedrock or offline; otherwise bedrock if a region and a credential source
    /// resolve (<see cref="AwsCredentialProbe"/>, no network), else offline. An invalid mode, or bedrock without a
    /// region, is reported by the options validation that <see cref="AddFindingExplainer"/> registers.
    /// </summary>
    public static ExplainModeDecision DecideMode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        switch (configuration[$"{ExplainOptions.SectionName}:Mode"]?.Trim().ToLowerInvariant())
        {
            case "bedrock":
                return new ExplainModeDecision(ExplainMode.Bedrock, "Explain:Mode=bedrock");
            case "offline":
                return new ExplainModeDecision(ExplainMode.Offline, "Explain:Mode=offline");
            case null or "":
                break;
            default:
                return new ExplainModeDecision(ExplainMode.Offline, "Explain:Mode is not valid");
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{AwsOptions.SectionName}:Region"]))
        {
            return new ExplainModeDecision(ExplainMode.Offline, "no AWS region (Aws:Region / AWS_REGION)");
        }

        var source = AwsCredentialProbe.DescribeCredentialSource(configuration);
        return source is null
            ? new ExplainModeDecision(ExplainMode.Offline, "no AWS credentials found (set Explain:Mode=bedrock to use instance metadata)")
            : new ExplainModeDecision(ExplainMode.Bedrock, "AWS credentials from " + source);
    }

    /// <summary>
    /// Registers <see cref="IFindingExplainer"/>: the model (cached per control, falling back to
    /// offline text) when the mode is bedrock, else the offline explainer <paramref name="offlineFactory"/> builds.
    /// Also binds and validates <see cref="ExplainOptions"/> (and, in bedrock mode, <see cref="BedrockOptions"/> and
    /// <c>Aws:Region</c>), and registers <see cref="ExplainModeDecision"/> and, in bedrock mode,
    /// <see cref="BedrockChatClientFactory"/> (its <c>CreateChatClient()</c> serves thread answers with <c>Bedrock:ChatModel</c>).
    /// The model's client is built when the explainer is first resolved, not at registration.
    /// </summary>
    public static IServiceCollection AddFindingExplainer(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, IFindingExplainer> offlineFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(offlineFactory);

        var decision = DecideMode(configuration);
        services.AddOptions<ExplainOptions>().BindConfiguration(ExplainOptions.SectionName).ValidateProblems(o => o.Problems());
        services.AddSingleton(decision);
        if (decision.Mode == ExplainMode.Offline)
        {
            services.AddSingleton<IFindingExplainer>(offlineFactory);
            return services;
        }

        services.AddAwsCore();
        services.AddOptions<AwsOptions>().ValidateProblems(o => o.Problems("Explain:Mode is bedrock and Bedrock is regional"));
        services.AddOptions<BedrockOptions>().BindConfiguration(BedrockOptions.SectionName).ValidateProblems(o => o.Problems());
        services.AddSingleton(sp => new BedrockChatClientFactory(
            sp.GetRequiredService<AwsCredentialSource>(), sp.GetRequiredService<AwsOptions>(), sp.GetRequiredService<IOptions<BedrockOptions>>().Value,
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IFindingExplainer>(sp =>
        {
            var offline = offlineFactory(sp);
            var bedrock = sp.GetRequiredService<IOptions<BedrockOptions>>().Value;
            var flavor = sp.GetRequiredService<IOptions<ExplainOptions>>().Value.Flavor;
            var chat = sp.GetRequiredService<BedrockChatClientFactory>().CreateAlertClient();
            var model = new ModelExplainer(
                chat, offline, bedrock.AlertModel, flavor, bedrock.AlertTimeout, bedrock.AlertMaxOutputTokens,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ModelExplainer>());
            return new CachingExplainer(model, offline, bedrock.AlertModel, flavor);
        });
        return services;
    }
}

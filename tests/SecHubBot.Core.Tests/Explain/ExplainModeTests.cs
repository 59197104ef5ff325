using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;

namespace SecHubBot.Core.Tests.Explain;

public class ExplainModeTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void DecideMode_NoRegionNoCredentials_IsOffline() =>
        Assert.Equal(ExplainMode.Offline, ExplainerServiceCollectionExtensions.DecideMode(Config(), NoEnvironment).Mode);

    [Fact]
    public void DecideMode_RegionAndEnvironmentKeys_IsBedrock()
    {
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "x" };

        var decision = ExplainerServiceCollectionExtensions.DecideMode(Config(("Aws:Region", "eu-west-1")), env.GetValueOrDefault);

        Assert.Equal(ExplainMode.Bedrock, decision.Mode);
        Assert.DoesNotContain("AKIDEXAMPLE", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI", null)]
    [InlineData("AWS_PROFILE", null)]
    public void DecideMode_RegionAndOtherCredentialSources_IsBedrock(string variable, string? second)
    {
        var env = new Dictionary<string, string> { [variable] = "set" };
        if (second is not null)
        {
            env[second] = "set";
        }

        Assert.Equal(ExplainMode.Bedrock, ExplainerServiceCollectionExtensions.DecideMode(Config(("Aws:Region", "us-east-1")), env.GetValueOrDefault).Mode);
    }

    [Fact]
    public void DecideMode_ExplicitOffline_WinsOverCredentials()
    {
        var env = new Dictionary<string, string> { ["AWS_PROFILE"] = "dev" };

        var decision = ExplainerServiceCollectionExtensions.DecideMode(Config(("Aws:Region", "us-east-1"), ("Explain:Mode", "offline")), env.GetValueOrDefault);

        Assert.Equal(ExplainMode.Offline, decision.Mode);
    }

    [Fact]
    public void DecideMode_BedrockWithoutRegion_FailsNamingTheKey()
    {
        var ex = Assert.Throws<SecHubBot.Core.Configuration.InvalidConfigurationException>(() =>
            ExplainerServiceCollectionExtensions.DecideMode(Config(("Explain:Mode", "bedrock")), NoEnvironment));

        Assert.Contains("Aws:Region", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecideMode_UnknownMode_FailsNamingTheKey() =>
        Assert.Contains("Explain:Mode", Assert.Throws<SecHubBot.Core.Configuration.InvalidConfigurationException>(() =>
            ExplainerServiceCollectionExtensions.DecideMode(Config(("Explain:Mode", "gpt")), NoEnvironment)).Message, StringComparison.Ordinal);

    [Fact]
    public void DecideMode_ProcessEnvironment_AnswersWithoutTouchingTheNetwork()
    {
        var config = Config(("Aws:Region", "us-east-1"));
        _ = ExplainerServiceCollectionExtensions.DecideMode(config);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 100; i++)
        {
            _ = ExplainerServiceCollectionExtensions.DecideMode(config);
        }

        // No instance-metadata lookup: a hundred decisions take milliseconds, not the seconds IMDS would.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMilliseconds(500), $"100 decisions took {stopwatch.Elapsed}");
    }

    [Fact]
    public void AddFindingExplainer_OfflineMode_RegistersTheOfflineExplainer()
    {
        var offline = new StubOfflineExplainer();
        var services = new ServiceCollection().AddLogging();

        services.AddFindingExplainer(Config(("Explain:Mode", "offline")), _ => offline);

        using var provider = services.BuildServiceProvider();
        Assert.Same(offline, provider.GetRequiredService<IFindingExplainer>());
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

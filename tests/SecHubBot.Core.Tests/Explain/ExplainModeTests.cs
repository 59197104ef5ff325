using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;

namespace SecHubBot.Core.Tests.Explain;

public class ExplainModeTests
{
    [Fact]
    public void DecideMode_NoRegionNoCredentials_IsOffline() =>
        Assert.Equal(ExplainMode.Offline, ExplainerServiceCollectionExtensions.DecideMode(Config()).Mode);

    [Fact]
    public void DecideMode_RegionAndEnvironmentKeys_IsBedrock()
    {
        var decision = ExplainerServiceCollectionExtensions.DecideMode(
            Config(("Aws:Region", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "x")));

        Assert.Equal(ExplainMode.Bedrock, decision.Mode);
        Assert.DoesNotContain("AKIDEXAMPLE", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI", null)]
    [InlineData("AWS_PROFILE", null)]
    public void DecideMode_RegionAndOtherCredentialSources_IsBedrock(string variable, string? second)
    {
        var config = Config(("Aws:Region", "us-east-1"), (variable, "set"), (second ?? "UNRELATED", "set"));

        Assert.Equal(ExplainMode.Bedrock, ExplainerServiceCollectionExtensions.DecideMode(config).Mode);
    }

    [Fact]
    public void DecideMode_ExplicitOffline_WinsOverCredentials()
    {
        var decision = ExplainerServiceCollectionExtensions.DecideMode(Config(("Aws:Region", "us-east-1"), ("Explain:Mode", "offline"), ("AWS_PROFILE", "dev")));

        Assert.Equal(ExplainMode.Offline, decision.Mode);
    }

    [Fact]
    public void AddFindingExplainer_BedrockWithoutRegion_StartupValidationNamesTheKey()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => Validate(Config(("Explain:Mode", "bedrock"))));

        Assert.Contains(ex.Problems, p => p.StartsWith("Aws:Region", StringComparison.Ordinal));
    }

    [Fact]
    public void AddFindingExplainer_UnknownMode_StartupValidationNamesTheKey()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => Validate(Config(("Explain:Mode", "gpt"))));

        Assert.Contains(ex.Problems, p => p.StartsWith("Explain:Mode", StringComparison.Ordinal));
    }

    [Fact]
    public void DecideMode_ProcessEnvironment_AnswersWithoutTouchingTheNetwork()
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection([new("Aws:Region", "us-east-1")]).Build();
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
        var config = Config(("Explain:Mode", "offline"));
        var services = new ServiceCollection().AddLogging().AddSingleton(config);

        services.AddFindingExplainer(config, _ => offline);

        using var provider = services.BuildServiceProvider();
        Assert.Same(offline, provider.GetRequiredService<IFindingExplainer>());
    }

    private static void Validate(IConfiguration config)
    {
        using var provider = new ServiceCollection().AddLogging().AddSingleton(config).AddFindingExplainer(config, _ => new StubOfflineExplainer()).BuildServiceProvider();
        InvalidConfigurationException.ThrowIfInvalid(provider);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

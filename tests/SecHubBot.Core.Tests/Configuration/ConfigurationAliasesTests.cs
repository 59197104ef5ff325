using Microsoft.Extensions.Configuration;
using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.Tests.Configuration;

public sealed class ConfigurationAliasesTests
{
    [Theory]
    [InlineData("SLACK_BOT_TOKEN", "Slack:BotToken")]
    [InlineData("SLACK_APP_TOKEN", "Slack:AppToken")]
    [InlineData("SLACK_SIGNING_SECRET", "Slack:SigningSecret")]
    [InlineData("AWS_REGION", "Aws:Region")]
    [InlineData("AWS_DEFAULT_REGION", "Aws:Region")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "Telemetry:OtlpEndpoint")]
    public void AddAliases_OnlyTheAlias_SuppliesTheKey(string alias, string key)
    {
        var configuration = Build(new() { [alias] = "from-alias" });

        Assert.Equal("from-alias", configuration[key]);
    }

    [Theory]
    [InlineData("SLACK_BOT_TOKEN", "Slack:BotToken")]
    [InlineData("SLACK_SIGNING_SECRET", "Slack:SigningSecret")]
    [InlineData("AWS_REGION", "Aws:Region")]
    public void AddAliases_ExplicitKeyInAnEarlierSource_ExplicitKeyWins(string alias, string key)
    {
        // The explicit key comes from a source added before the alias's: precedence is by kind, not by order.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new(key, "explicit")]);
        configuration.AddInMemoryCollection([new(alias, "from-alias")]);
        configuration.AddAliases();

        Assert.Equal("explicit", configuration[key]);
    }

    [Fact]
    public void AddAliases_BothRegionVariables_AwsRegionWinsAsTheSdksRead()
    {
        var configuration = Build(new() { ["AWS_DEFAULT_REGION"] = "eu-west-1", ["AWS_REGION"] = "eu-central-1" });

        Assert.Equal("eu-central-1", configuration["Aws:Region"]);
    }

    [Fact]
    public void AddAliases_BlankExplicitKey_AliasFillsIt()
    {
        var configuration = Build(new() { ["Slack:BotToken"] = " ", ["SLACK_BOT_TOKEN"] = "xoxb-env" });

        Assert.Equal("xoxb-env", configuration["Slack:BotToken"]);
    }

    private static ConfigurationManager Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        configuration.AddAliases();
        return configuration;
    }
}

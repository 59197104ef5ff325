using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Core.Tests.Slack;

public sealed class SlackOptionsTests
{
    [Fact]
    public void AddSlackWebApi_SectionAndAliases_ExplicitKeyWinsOverAlias()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SLACK_BOT_TOKEN"] = "xoxb-from-env",
            ["SLACK_APP_TOKEN"] = "xapp-from-env",
        });
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxb-from-config",
            ["Slack:ApiBaseUrl"] = "http://127.0.0.1:1/api/",
            ["Slack:PostMessageInterval"] = "00:00:00.050",
        });
        configuration.AddAliases();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSlackWebApi().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<SlackOptions>>().Value;

        Assert.Equal("xoxb-from-config", options.BotToken);
        Assert.Equal("xapp-from-env", options.AppToken);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.PostMessageInterval);
        Assert.NotNull(services.GetRequiredService<SlackApiClient>());
    }

    [Fact]
    public void Problems_MissingTokens_NameTheKeys()
    {
        var options = new SlackOptions { AppToken = "xoxb-wrong-kind" };

        var problems = options.Problems(needBotToken: true, needAppToken: true, needSigningSecret: true, needChannel: true);

        Assert.Contains(problems, p => p.StartsWith("Slack:BotToken", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Slack:AppToken must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Slack:SigningSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Slack:Channel", StringComparison.Ordinal));
        Assert.Empty(new SlackOptions { BotToken = "xoxb-1" }.Problems(needBotToken: true));
    }

    [Fact]
    public void ToString_WithSecrets_ShowsOnlyWhetherSet()
    {
        var options = new SlackOptions { BotToken = "xoxb-secret", AppToken = "xapp-secret", SigningSecret = "shh" };

        var text = options.ToString();

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("shh", text, StringComparison.Ordinal);
        Assert.Contains("BotToken = (set)", text, StringComparison.Ordinal);
    }
}

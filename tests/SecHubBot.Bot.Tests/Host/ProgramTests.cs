using SecHubBot.Fakes.Processes;

namespace SecHubBot.Bot.Tests.Host;

/// <summary>The Bot's executable started as a new user would: <c>dotnet SecHubBot.Bot.dll</c> with no configuration.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_NoConfiguration_ExitsOneWithOneLinePerKeyAndNoStackTrace()
    {
        var bot = Path.Combine(AppContext.BaseDirectory, "SecHubBot.Bot.dll");

        var (exit, output, error) = await ChildProcess.RunAsync(bot, ["--urls", "http://127.0.0.1:0"]);

        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Slack:BotToken", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Slack:SigningSecret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Aws:Region", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("Configuration error: ", l, StringComparison.Ordinal));
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_AliasesOnly_AliasesCountAsTheKeys()
    {
        var bot = Path.Combine(AppContext.BaseDirectory, "SecHubBot.Bot.dll");

        // Explicit keys beside the aliases: the invalid explicit token must win over the valid alias, and be reported.
        var (exit, _, error) = await ChildProcess.RunAsync(
            bot, ["--urls", "http://127.0.0.1:0", "--SLACK_BOT_TOKEN=xoxb-alias", "--Slack:BotToken=not-a-bot-token", "--AWS_REGION=us-east-1", "--SLACK_SIGNING_SECRET=shh"]);

        Assert.Equal(1, exit);
        Assert.Equal("Configuration error: Slack:BotToken must be a bot token (xoxb-...)", error.Trim());
    }

    [Fact]
    public async Task Main_InvalidRoutingRules_OneLineNamingEachRuleAndKeyNoStackTrace()
    {
        var bot = Path.Combine(AppContext.BaseDirectory, "SecHubBot.Bot.dll");

        var (exit, output, error) = await ChildProcess.RunAsync(bot, [
            "--urls", "http://127.0.0.1:0", "--Slack:BotToken=xoxb-fake", "--Slack:SigningSecret=shh", "--Aws:Region=us-east-1",
            "--Routing:Rules:0:Channel=payments", "--Routing:Rules:1:Channel=C0DATATEAM1", "--Routing:Rules:1:Approvers:0=alice",
            "--Accounts:12345:Name=prod"]);

        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Routing:Rules:0:Channel \"payments\" is not a Slack channel id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Routing:Rules:1:Approvers:0 \"alice\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Accounts:12345 \"12345\" is not a 12-digit AWS account id", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("Configuration error: ", l, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }
}

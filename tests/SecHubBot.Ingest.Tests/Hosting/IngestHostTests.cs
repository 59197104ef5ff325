using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Fakes;
using SecHubBot.Fakes.Processes;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Pipeline;

namespace SecHubBot.Ingest.Tests.Hosting;

/// <summary>The one host and the one registration (IngestHost, AddIngest) behind the Lambda, the preview and --post.</summary>
public sealed class IngestHostTests
{
    [Fact]
    public void CreateBuilder_AliasAndExplicitKey_ExplicitKeyWins()
    {
        var builder = IngestHost.CreateBuilder(
            ["SLACK_BOT_TOKEN=xoxb-alias", "Slack:BotToken=xoxb-explicit", "Slack:Channel=C0123456789", "AWS_DEFAULT_REGION=eu-west-1"], readEnvironment: false);
        builder.Services.AddIngest(builder.Configuration, IngestTarget.Slack);
        using var host = builder.Build();

        Assert.Equal("xoxb-explicit", host.Services.GetRequiredService<IOptions<SlackOptions>>().Value.BotToken);
        Assert.Equal("eu-west-1", host.Services.GetRequiredService<Core.Aws.AwsOptions>().Region);
    }

    [Fact]
    public void AddSettingsJson_RoutingAsTheSamParameterPassesIt_RoutesAndNamesAccounts()
    {
        const string Json = """{"Routing":{"Rules":[{"Channel":"C0PAYMENTS1","Accounts":["111122223333"],"IacFlavor":"cdk"}]},"Accounts":{"111122223333":{"Name":"prod-payments"}}}""";
        var builder = IngestHost.CreateBuilder(["Slack:Channel=C0SECURITY1"], readEnvironment: false);
        IngestHost.AddSettingsJson(builder.Configuration, Json);
        builder.Services.AddIngest(builder.Configuration, IngestTarget.Preview);
        using var host = builder.Build();
        InvalidConfigurationException.ThrowIfInvalid(host.Services);

        var route = host.Services.GetRequiredService<Core.Routing.AlertRouter>().Route(new Finding
        {
            Id = "f1", ProductArn = "arn:aws:securityhub:us-east-1::product/aws/securityhub", AwsAccountId = "111122223333", Title = "t",
            Severity = new FindingSeverity(SeverityLabel.High, null, null),
        });
        Assert.Equal("C0PAYMENTS1", route.Channel);
        Assert.Equal(Core.Explain.IacFlavor.Cdk, route.IacFlavor);
        Assert.Equal("prod-payments (111122223333)", host.Services.GetRequiredService<Core.Routing.AccountNames>().Display("111122223333"));
    }

    [Fact]
    public void AddSettingsJson_NotJson_ConfigurationErrorNamingTheVariable()
    {
        var builder = IngestHost.CreateBuilder([], readEnvironment: false);

        var error = Assert.Throws<InvalidConfigurationException>(() => IngestHost.AddSettingsJson(builder.Configuration, "Routing=C0PAYMENTS1"));

        Assert.StartsWith(IngestHost.SettingsVariable + " is not JSON settings", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AddIngest_SlackTargetWithNothingConfigured_OneProblemPerKeyNamingIt()
    {
        var builder = IngestHost.CreateBuilder(["Ingest:ExplainConcurrency=0"], readEnvironment: false);
        builder.Services.AddIngest(builder.Configuration, IngestTarget.Slack);
        using var host = builder.Build();

        var problems = Assert.Throws<InvalidConfigurationException>(() => InvalidConfigurationException.ThrowIfInvalid(host.Services)).Problems;

        Assert.Contains(problems, p => p.StartsWith("Slack:BotToken", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Slack:Channel", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aws:Region", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ingest:ExplainConcurrency", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public async Task AddIngest_PreviewTarget_RunsThePipelineAndRecordsTheSlackCalls()
    {
        var builder = IngestHost.CreateBuilder([], readEnvironment: false);
        builder.Services.AddIngest(builder.Configuration, IngestTarget.Preview);
        using var host = builder.Build();
        InvalidConfigurationException.ThrowIfInvalid(host.Services);

        var batch = FindingInputReader.Read(SampleFiles.ReadBundled("securityhub-cis-4.1-finding.json"));
        var result = await host.Services.GetRequiredService<IngestPipeline>().RunAsync(batch, null, CancellationToken.None);

        Assert.Single(result.Posted);
        var calls = host.Services.GetRequiredService<RecordingSlackPoster>().Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(IngestServiceCollectionExtensions.PreviewChannel, c.Body.Channel));
    }

    [Fact]
    public async Task Bootstrap_PostWithNoConfiguration_ExitsTwoWithOneLinePerKeyAndNoStackTrace()
    {
        var bootstrap = Path.Combine(AppContext.BaseDirectory, "bootstrap.dll");

        var (exit, _, error) = await ChildProcess.RunAsync(bootstrap, ["-", "--post"], SampleFiles.ReadBundled("securityhub-cis-4.1-finding.json"));

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Slack:BotToken", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Slack:Channel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("error: configuration: Aws:Region", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("error: configuration: ", l, StringComparison.Ordinal));
    }
}

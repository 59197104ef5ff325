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

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Aws;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;
using SecHubBot.Ingest.Cli;
using SecHubBot.Ingest.Tests.Pipeline;

namespace SecHubBot.Ingest.Tests.Cli;

/// <summary><c>--post</c> (the Lambda's code path) and the grouped <c>--json</c> preview.</summary>
public sealed class IngestCliPostTests : IAsyncLifetime
{
    private SlackFake _slack = null!;
    private readonly FakeSecurityHub _hub = new();

    public async Task InitializeAsync()
    {
        _slack = await SlackFake.StartAsync();
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _hub.DisposeAsync();
    }

    private async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new IngestCli(new StringReader(stdin), output, error, readEnvironment: false, services => services.AddSingleton<AwsCredentialSource>(IngestHarness.TestCredentials));
        var exit = await cli.RunAsync(args, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private string[] PostArgs() =>
    [
        "-", "--post", $"--Slack:ApiBaseUrl={_slack.ApiBaseUrl}", $"--Slack:BotToken={SlackFake.BotToken}", $"--Slack:Channel={SlackFake.DefaultChannel}",
        "--Slack:PostMessageInterval=00:00:00.050", "--Aws:Region=us-east-1", $"--SecurityHub:ServiceUrl={_hub.BaseUrl}", "--Explain:Mode=offline",
    ];

    [Fact]
    public async Task Run_Post_PostsThreadAndWritesBack()
    {
        var finding = SyntheticFindings.Control(3);
        _hub.Seed([finding]);

        var (exit, output, error) = await Run(IngestHarness.Imported(finding), PostArgs());

        Assert.True(exit == 0, error);
        Assert.Contains("posted thread C0ALERTS/", output, StringComparison.Ordinal);
        Assert.Single(_slack.Messages(SlackFake.DefaultChannel));
        Assert.Equal("NOTIFIED", (string?)_hub.Find(SyntheticFindings.IdOf(3))!["Workflow"]!["Status"]);
        Assert.DoesNotContain(SlackFake.BotToken, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PostWhileSlackIsDown_ExitsOneAndLeavesTheFindingNew()
    {
        var finding = SyntheticFindings.Control(4);
        _hub.Seed([finding]);
        _slack.ServerErrorNext("chat.postMessage", 503, 5);

        var (exit, _, error) = await Run(IngestHarness.Imported(finding), PostArgs());

        Assert.Equal(1, exit);
        Assert.Contains("http_503", error, StringComparison.Ordinal);
        Assert.Equal("NEW", (string?)_hub.Find(SyntheticFindings.IdOf(4))!["Workflow"]!["Status"]);
    }

    [Fact]
    public async Task Run_PostWithoutToken_ExitsTwoNamingTheKey()
    {
        var (exit, _, error) = await Run(IngestHarness.Imported(SyntheticFindings.Control(5)), [.. PostArgs().Where(a => !a.StartsWith("--Slack:BotToken", StringComparison.Ordinal))]);

        Assert.Equal(2, exit);
        Assert.Contains("Slack:BotToken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JsonWithAStorm_PrintsOneGroupedAlert()
    {
        var findings = new JsonArray([.. Enumerable.Range(0, 12).Select(i => JsonNode.Parse(SyntheticFindings.Control(i).GetRawText()))]);

        var (exit, output, _) = await Run(new JsonObject { ["Findings"] = findings }.ToJsonString(), "-", "--json");

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(output);
        var calls = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Contains("EC2.18 failed on 12", calls[0].GetProperty("body").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(IngestCli.PlaceholderTs(1), calls[1].GetProperty("body").GetProperty("thread_ts").GetString());
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Aws;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Lambda;
using SecHubBot.Fakes.Slack;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Lambda;
using SecHubBot.Ingest.Tests.Pipeline;

namespace SecHubBot.Ingest.Tests.Lambda;

/// <summary>The whole bootstrap: Runtime API loop, initialisation (token from Secrets Manager), SQS invocations.</summary>
public sealed class IngestLambdaTests : IAsyncLifetime
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sechubbot/slack-AbCdEf";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private FakeRuntimeApi _api = null!;
    private SlackFake _slack = null!;
    private readonly FakeSecurityHub _hub = new();
    private readonly FakeSecretsManager _secrets = new();

    public async Task InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _slack = await SlackFake.StartAsync();
        await _hub.StartAsync();
        await _secrets.StartAsync();
        _secrets.Secrets[SecretArn] = SlackFake.BotToken + "\n";
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _slack.DisposeAsync();
        await _hub.DisposeAsync();
        await _secrets.DisposeAsync();
    }

    private Task<int> Run(CancellationToken shutdown, params string[] without)
    {
        var settings = new Dictionary<string, string>
        {
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
            ["Slack:Channel"] = SlackFake.DefaultChannel,
            ["Slack:PostMessageInterval"] = "00:00:00.050",
            ["Slack:BotTokenSecretArn"] = SecretArn,
            ["SecretsManager:ServiceUrl"] = _secrets.BaseUrl.ToString(),
            ["Aws:Region"] = "us-east-1",
            ["SecurityHub:ServiceUrl"] = _hub.BaseUrl.ToString(),
            ["Explain:Mode"] = "offline",
        };
        foreach (var key in without)
        {
            settings.Remove(key);
        }

        var builder = IngestHost.CreateBuilder(settings.Select(s => $"{s.Key}={s.Value}"), readEnvironment: false);
        builder.Services.AddSingleton<AwsCredentialSource>(IngestHarness.TestCredentials);
        return IngestLambda.RunAsync(_api.RuntimeApi, builder, shutdown);
    }

    [Fact]
    public async Task Run_SqsBatch_TokenFromSecretsManagerPostsAndAnswersBatchItemFailures()
    {
        var finding = SyntheticFindings.Control(7);
        _hub.Seed([finding]);
        var loop = Run(CancellationToken.None);

        var result = await _api.InvokeAsync(IngestHarness.Sqs(("m1", IngestHarness.Imported(finding)), ("poison", "not json"))).WaitAsync(Wait);
        _api.Shutdown();
        await loop.WaitAsync(Wait);

        Assert.True(result.Succeeded, result.Body);
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal("poison", Assert.Single(body.RootElement.GetProperty("batchItemFailures").EnumerateArray()).GetProperty("itemIdentifier").GetString());
        Assert.Single(_slack.Messages(SlackFake.DefaultChannel));
        Assert.All(_slack.Calls, c => Assert.Equal(SlackFake.BotToken, c.Token));
        Assert.Equal(0, _secrets.SignatureFailures);
        Assert.Equal("secretsmanager.GetSecretValue", Assert.Single(_secrets.Requests).Headers["X-Amz-Target"]);
    }

    [Fact]
    public async Task Run_ChannelMissing_InitErrorNamesTheKey()
    {
        var exit = await Run(CancellationToken.None, "Slack:Channel").WaitAsync(Wait);

        Assert.Equal(1, exit);
        var error = Assert.Single(_api.InitErrors);
        Assert.Contains("Slack:Channel", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SecretMissing_InitErrorNamesTheSecretNotAToken()
    {
        _secrets.Secrets.Clear();

        var exit = await Run(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(1, exit);
        var error = Assert.Single(_api.InitErrors);
        Assert.Contains("ResourceNotFoundException", error.Body, StringComparison.Ordinal);
        Assert.Contains(SecretArn, error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotAFindingEvent_ReportsInvocationError()
    {
        var loop = Run(CancellationToken.None);

        var result = await _api.InvokeAsync("{\"hello\":\"world\"}").WaitAsync(Wait);
        _api.Shutdown();
        await loop.WaitAsync(Wait);

        Assert.False(result.Succeeded);
        Assert.Equal("NotAFindingEventException", result.ErrorType);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Logging;

namespace SecHubBot.Core.Tests.Explain;

public sealed class ModelExplainerTests : IAsyncLifetime
{
    private readonly FakeBedrock _fake = new();
    private readonly StubOfflineExplainer _offline = new();
    private readonly CapturedLogs _logs = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ExplainAsync_RealisticAnswer_SendsDocumentedBedrockBodyAndReturnsModelText()
    {
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        var explainer = services.GetRequiredService<IFindingExplainer>();

        var explanation = await explainer.ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.Model, explanation.Source);
        Assert.Equal(BedrockOptions.DefaultAlertModel, explanation.Model);
        Assert.Equal(2, explanation.FixSteps.Count);
        Assert.Equal(IacFlavor.Terraform, explanation.Iac!.Flavor);
        var invocation = Assert.Single(_fake.Invocations);
        Assert.Equal(BedrockOptions.DefaultAlertModel, invocation.ModelId);
        var body = invocation.Json;
        Assert.Equal("bedrock-2023-05-31", body.GetProperty("anthropic_version").GetString());
        Assert.False(body.TryGetProperty("model", out _));
        Assert.Equal(1500, body.GetProperty("max_tokens").GetInt32());
        Assert.Contains("untrusted", invocation.PromptText, StringComparison.Ordinal);
        Assert.Equal(0, _fake.SignatureFailures);
        Assert.Equal(0, _offline.Calls);
    }

    [Fact]
    public async Task ExplainAsync_ThrottledOnce_SdkRetryIsSignedAfreshAndSucceeds()
    {
        _fake.ThrottleNext(1);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline, maxRetries: 1);

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.Model, explanation.Source);
        Assert.Equal(2, _fake.Calls);
        Assert.Equal(0, _fake.SignatureFailures);
    }

    [Fact]
    public async Task ExplainAsync_ThrottlingException429_FallsBackToOfflineWithOneLogLine()
    {
        _fake.ThrottleNext(10);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline, _logs);

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.OfflineFallback, explanation.Source);
        Assert.StartsWith("offline: ", explanation.Summary, StringComparison.Ordinal);
        var warning = Assert.Single(_logs.Entries, l => l.Level >= LogLevel.Warning && l.Category.EndsWith(nameof(ModelExplainer), StringComparison.Ordinal));
        Assert.Contains("EC2.18", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainAsync_SlowModel_TimesOutAndFallsBack()
    {
        _fake.Delay = TimeSpan.FromSeconds(5);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline, _logs, timeout: TimeSpan.FromMilliseconds(400));
        var stopwatch = Stopwatch.StartNew();

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.OfflineFallback, explanation.Source);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        Assert.Contains(_logs.Entries, l => l.Message.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplainAsync_MalformedResponseBody_FallsBack()
    {
        _fake.MalformedNext(1);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.OfflineFallback, explanation.Source);
    }

    [Fact]
    public async Task ExplainAsync_AnswerIsNotTheAskedJson_FallsBack()
    {
        _fake.Reply = _ => "I'm sorry, I can't help with that.";
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(ExplanationSource.OfflineFallback, explanation.Source);
    }

    [Fact]
    public async Task ExplainAsync_CallerCancels_Propagates()
    {
        _fake.Delay = TimeSpan.FromSeconds(5);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), cancel.Token));
    }

    [Fact]
    public async Task ExplainAsync_CdkFlavor_AsksForCdkAndLabelsTheSnippet()
    {
        await using var services = ExplainTestServices.Bedrock(_fake, _offline, iacFlavor: "cdk");

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Finding(), CancellationToken.None);

        Assert.Equal(IacFlavor.Cdk, explanation.Iac!.Flavor);
        Assert.Contains("AWS CDK in TypeScript", Assert.Single(_fake.Invocations).PromptText, StringComparison.Ordinal);
    }
}

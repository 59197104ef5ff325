using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Explain;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Explain;

public sealed class CachingExplainerTests : IAsyncLifetime
{
    private readonly FakeBedrock _fake = new();
    private readonly StubOfflineExplainer _offline = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ExplainAsync_500FindingsOfOneControlConcurrently_MakesOneModelCall()
    {
        _fake.Delay = TimeSpan.FromMilliseconds(300);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        var explainer = services.GetRequiredService<IFindingExplainer>();
        var findings = Enumerable.Range(0, 500).Select(i => ExplainTestServices.Finding(i)).ToList();

        var explanations = await Task.WhenAll(findings.Select(f => Task.Run(() => explainer.ExplainAsync(f, CancellationToken.None))));

        Assert.Equal(1, _fake.Calls);
        Assert.All(explanations, e => Assert.Equal(ExplanationSource.Model, e.Source));
        Assert.Single(explanations.Distinct());
    }

    [Fact]
    public async Task ExplainAsync_TwoControls_OneCallEach()
    {
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        var explainer = services.GetRequiredService<IFindingExplainer>();

        await explainer.ExplainAsync(ExplainTestServices.Finding(1, "EC2.18"), CancellationToken.None);
        await explainer.ExplainAsync(ExplainTestServices.Finding(2, "S3.1"), CancellationToken.None);
        await explainer.ExplainAsync(ExplainTestServices.Finding(3, "EC2.18"), CancellationToken.None);

        Assert.Equal(2, _fake.Calls);
    }

    [Fact]
    public async Task ExplainAsync_AfterAFallback_AsksTheModelAgain()
    {
        _fake.MalformedNext(1);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        var explainer = services.GetRequiredService<IFindingExplainer>();

        var first = await explainer.ExplainAsync(ExplainTestServices.Finding(1), CancellationToken.None);
        var second = await explainer.ExplainAsync(ExplainTestServices.Finding(2), CancellationToken.None);

        Assert.Equal(ExplanationSource.OfflineFallback, first.Source);
        Assert.Equal(ExplanationSource.Model, second.Source);
        Assert.Equal(2, _fake.Calls);
    }

    [Fact]
    public async Task ExplainAsync_SharedCallFallsBack_EachWaiterGetsItsOwnOfflineText()
    {
        _fake.Delay = TimeSpan.FromMilliseconds(200);
        _fake.ThrottleNext(100);
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);
        var explainer = services.GetRequiredService<IFindingExplainer>();
        var findings = Enumerable.Range(0, 20).Select(i => ExplainTestServices.Finding(i) with { Title = "title " + i }).ToList();

        var explanations = await Task.WhenAll(findings.Select(f => explainer.ExplainAsync(f, CancellationToken.None)));

        Assert.Equal(1, _fake.Calls);
        Assert.All(explanations.Zip(findings), p =>
        {
            Assert.Equal(ExplanationSource.OfflineFallback, p.First.Source);
            Assert.Equal("offline: " + p.Second.Title, p.First.Summary);
        });
    }
}

using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Aws;
using SecHubBot.Fakes;
using SecHubBot.Fakes.Aws;
using SecHubBot.Ingest.Cli;

namespace SecHubBot.Ingest.Tests.Cli;

/// <summary>The CLI with Explain:Mode=bedrock, against the loopback Bedrock fake (SigV4-verified).</summary>
public sealed class IngestCliBedrockTests : IAsyncLifetime
{
    private readonly FakeBedrock _bedrock = new();

    public Task InitializeAsync() => _bedrock.StartAsync();

    public async Task DisposeAsync() => await _bedrock.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new IngestCli(TextReader.Null, output, error, readEnvironment: false, services =>
            services.AddSingleton(AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey))));
        var exit = await cli.RunAsync(
            [Path.Combine(RepoPaths.BundledSamples, "securityhub-cis-4.1-finding.json"), .. args,
             "--Explain:Mode=bedrock", "--Aws:Region=us-east-1", $"--Bedrock:ServiceUrl={_bedrock.BaseUrl}"],
            CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_BedrockMode_PreviewsTheModelsExplanation()
    {
        var (exit, output, _) = await Run();

        Assert.Equal(0, exit);
        Assert.Equal(1, _bedrock.Calls);
        Assert.Equal(0, _bedrock.SignatureFailures);
        Assert.Contains("Claude on Amazon Bedrock", output, StringComparison.Ordinal);
        Assert.Contains("written by AI", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ModelReturnsGarbage_FallsBackToOfflineTextAndSaysSo()
    {
        _bedrock.MalformedNext(10);

        var (exit, output, error) = await Run("--json");

        Assert.Equal(0, exit);
        Assert.Contains("AI explanation is unavailable", output, StringComparison.Ordinal);
        Assert.Contains("port 22", output, StringComparison.Ordinal);
        Assert.NotEqual("", error.Trim());
        Assert.DoesNotContain(SigV4Verifier.TestSecretAccessKey, error, StringComparison.Ordinal);
    }
}

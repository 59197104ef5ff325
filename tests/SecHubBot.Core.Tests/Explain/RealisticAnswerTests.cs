using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Explain;

/// <summary>
/// Three typical samples (a control, a GuardDuty threat, an Inspector CVE) answered with realistic
/// model answers written to the prompt's limits; docs/aws.md quotes their token counts.
/// </summary>
public sealed class RealisticAnswerTests : IAsyncLifetime
{
    public static readonly TheoryData<string, string> Samples = new()
    {
        { "securityhub-afsbp-s3.1-finding.json", "s3.1.json" },
        { "guardduty-ec2-sshbruteforce-typical-finding-docs.json", "guardduty-ssh.json" },
        { "inspector-ecr-log4shell-cve-2021-44228-finding.json", "inspector-log4shell.json" },
    };

    private readonly FakeBedrock _fake = new();
    private readonly StubOfflineExplainer _offline = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ExplainAsync_TypicalSampleAndRealisticAnswer_YieldsBoundedModelExplanation(string sample, string answerFile)
    {
        var answer = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "SecHubBot.Core.Tests", "Explain", "Answers", answerFile));
        _fake.Reply = _ => answer;
        await using var services = ExplainTestServices.Bedrock(_fake, _offline);

        var explanation = await services.GetRequiredService<IFindingExplainer>().ExplainAsync(ExplainTestServices.Sample(sample), CancellationToken.None);

        Assert.Equal(ExplanationSource.Model, explanation.Source);
        Assert.InRange(explanation.FixSteps.Count, 2, ExplanationParser.MaxFixSteps);
        Assert.NotEmpty(explanation.VerifySteps);
        Assert.NotNull(explanation.Iac);
        Assert.All(explanation.References, r => Assert.StartsWith("https://docs.aws.amazon.com/", r.Url, StringComparison.Ordinal));

        // Input stays small: system prompt plus the trimmed finding, well under 1,500 tokens by estimate.
        var invocation = Assert.Single(_fake.Invocations);
        Assert.InRange(FakeBedrock.EstimateTokens(invocation.PromptText), 300, 1500);
    }

    [Fact]
    public void UserMessage_EveryBundledFinding_IsBoundedAndFenced()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.BundledSamples, "*.json"))
        {
            FindingBatch batch;
            try
            {
                batch = FindingInputReader.Read(File.ReadAllText(file));
            }
            catch (NotAFindingEventException)
            {
                continue;
            }

            foreach (var incoming in batch.Findings)
            {
                var message = ExplanationPrompt.UserMessage(incoming.Finding);
                Assert.True(message.Length < 8000, $"{Path.GetFileName(file)}: {message.Length} chars");
                Assert.EndsWith(ExplanationPrompt.FenceClose, message, StringComparison.Ordinal);
                Assert.DoesNotMatch(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b", message);
            }
        }
    }

    [Fact]
    public void CacheKey_InspectorCvesAndGuardDutyTypes_AreDistinctProblems()
    {
        var inspector = ExplainTestServices.Sample("inspector-ecr-log4shell-cve-2021-44228-finding.json");
        var otherCve = inspector with { Vulnerabilities = [new Vulnerability("CVE-2022-22965")] };
        var guardDuty = ExplainTestServices.Sample("guardduty-ec2-sshbruteforce-typical-finding-docs.json");
        var otherType = guardDuty with { Types = ["TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS"] };

        Assert.NotEqual(ExplanationCacheKey.Of(inspector), ExplanationCacheKey.Of(otherCve));
        Assert.NotEqual(ExplanationCacheKey.Of(guardDuty), ExplanationCacheKey.Of(otherType));
        Assert.Equal("aws/securityhub|control:EC2.18", ExplanationCacheKey.Of(ExplainTestServices.Finding()));
    }
}

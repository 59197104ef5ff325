using System.Text.Json;
using SecHubBot.Fakes;
using SecHubBot.Fakes.BlockKit;
using SecHubBot.Ingest.Cli;

namespace SecHubBot.Ingest.Tests.Cli;

public class IngestCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await new IngestCli(new StringReader(stdin), output, error, readEnvironment: false).RunAsync(args, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Sample(string name) => Path.Combine(RepoPaths.BundledSamples, name);

    [Fact]
    public async Task Run_BundledSample_PreviewsParentReplyAndBuilderLink()
    {
        var (exit, output, error) = await Run("", Sample("securityhub-cis-4.1-finding.json"));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("4.1 Ensure no security groups allow ingress from 0.0.0.0/0 to port 22", output, StringComparison.Ordinal);
        Assert.Contains("[ Resolve ]  [ Suppress ]  [ Open in Security Hub ↗ ]", output, StringComparison.Ordinal);
        Assert.Contains("How to fix", output, StringComparison.Ordinal);
        Assert.Contains("https://app.slack.com/block-kit-builder/#", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("parent alert", StringComparison.Ordinal) < output.IndexOf("reply in thread", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Json_PrintsOnlyTheSlackCallsInOrder()
    {
        var (exit, output, _) = await Run("", Sample("securityhub-cis-4.1-finding.json"), "--json", "--Slack:Channel=C0123ALERTS");

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(output);
        var calls = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, calls.Length);
        Assert.All(calls, c => Assert.Equal("chat.postMessage", c.GetProperty("method").GetString()));
        Assert.Equal("C0123ALERTS", calls[0].GetProperty("body").GetProperty("channel").GetString());
        Assert.Equal("sechub_finding", calls[0].GetProperty("body").GetProperty("metadata").GetProperty("event_type").GetString());
        Assert.False(calls[0].GetProperty("body").TryGetProperty("thread_ts", out _));
        Assert.Equal(IngestCli.PlaceholderTs(1), calls[1].GetProperty("body").GetProperty("thread_ts").GetString());
    }

    [Fact]
    public async Task Run_Stdin_ReadsTheEvent()
    {
        var (exit, output, _) = await Run(File.ReadAllText(Sample("securityhub-cis-1.22-imported-event.json")), "-", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Run_EveryFindingFiltered_ExitsZeroWithReasonsOnStderr()
    {
        var (exit, output, error) = await Run("", Sample("securityhub-afsbp-ec2.7-imported-event.json"), "--json");

        Assert.Equal(0, exit);
        Assert.Equal("[]", output.Trim());
        Assert.Contains("below Filter:MinSeverity HIGH", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MinSeverityOverride_AlertsOnLowerSeverity()
    {
        var (exit, output, _) = await Run("", Sample("securityhub-afsbp-ec2.7-imported-event.json"), "--json", "--Filter:MinSeverity", "INFORMATIONAL");

        Assert.Equal(0, exit);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("securityhub-insight-results-event.json", "Security Hub Insight Results")]
    [InlineData("custodian-ebs-findings-getfindings-2-placebo.json", "recorded API response")]
    public async Task Run_NotAFindingEvent_ExitsTwoWithOneLine(string sample, string expected)
    {
        var (exit, output, error) = await Run("", Sample(sample));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"truncated\": ")]
    [InlineData("[1,2,3]")]
    public async Task Run_BadStdin_ExitsTwo(string stdin)
    {
        var (exit, _, error) = await Run(stdin, "-");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: not a finding event:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwo()
    {
        var (exit, _, error) = await Run("", "/no/such/file.json");

        Assert.Equal(2, exit);
        Assert.Contains("cannot read /no/such/file.json", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("a.json", "b.json")]
    [InlineData("--json")]
    public async Task Run_BadArguments_ExitsTwoWithUsage(params string[] args)
    {
        var (exit, _, error) = await Run("", args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadConfigurationValue_NamesTheKey()
    {
        var (exit, _, error) = await Run("", Sample("securityhub-cis-4.1-finding.json"), "--Explain:IacFlavor=pulumi");

        Assert.Equal(2, exit);
        Assert.Contains("Explain:IacFlavor", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SqsBatchWithPoisonRecord_PostsTheRestAndExitsTwo()
    {
        var imported = File.ReadAllText(Sample("securityhub-cis-1.22-imported-event.json"));
        var batch = JsonSerializer.Serialize(new { Records = new[] { new { messageId = "good", body = imported }, new { messageId = "bad", body = "[]" } } });

        var (exit, output, error) = await Run(batch, "-", "--json");

        Assert.Equal(2, exit);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetArrayLength());
        Assert.Contains("SQS message bad", error, StringComparison.Ordinal);
    }

    public static TheoryData<string> SamplesWithFindings() => new(SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings));

    [Theory]
    [MemberData(nameof(SamplesWithFindings))]
    public async Task Run_JsonAllForEverySample_EveryCallMeetsBlockKitLimits(string path)
    {
        var (exit, output, _) = await Run("", path, "--json", "--all");

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(output);
        Assert.NotEqual(0, document.RootElement.GetArrayLength());
        foreach (var call in document.RootElement.EnumerateArray())
        {
            Assert.Empty(BlockKitLimitCheck.Check(call.GetProperty("body")));
        }
    }
}

using System.Text.Json;
using SecHubBot.Fakes;
using SecHubBot.Fakes.BlockKit;
using SecHubBot.Ingest.Cli;

namespace SecHubBot.Ingest.Tests.Cli;

/// <summary>The CLI previews "Findings Imported V2" (OCSF) events as it does ASFF ones.</summary>
public class IngestCliOcsfTests
{
    public static TheoryData<string> OcsfSamples() => new(SampleFiles.OcsfPaths());

    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await new IngestCli(new StringReader(stdin), output, error, readEnvironment: false).RunAsync(args, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public async Task Run_JsonAllForEveryOcsfSample_EveryCallMeetsBlockKitLimits(string path)
    {
        var (exit, output, error) = await Run("", path, "--json", "--all");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.NotEqual(0, document.RootElement.GetArrayLength());
        foreach (var call in document.RootElement.EnumerateArray())
        {
            Assert.Empty(BlockKitLimitCheck.Check(call.GetProperty("body")));
        }
    }

    [Theory]
    [MemberData(nameof(OcsfSamples))]
    public async Task Run_PreviewAllForEveryOcsfSample_RendersTheAlertAndItsFix(string path)
    {
        var (exit, output, error) = await Run("", path, "--all");

        Assert.True(exit == 0, error);
        Assert.Contains("parent alert", output, StringComparison.Ordinal);
        Assert.Contains("How to fix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SuppressedGuardDutyOcsfFinding_SkipsSayingWhyInOcsfTerms()
    {
        var (exit, output, error) = await Run("", SampleFiles.OcsfPath("detection-2004-guardduty-cloudtrail-disabled-sumologic-event.json"), "--json");

        Assert.Equal(0, exit);
        Assert.Equal("[]", output.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains("skipped 1d24e91799652d9e17025b61d94f436b20b515b6f3cd9bda788f48c1db9cf244: its status is Suppressed, not New", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SqsBatchMixingAsffAndOcsf_PreviewsOneThreadPerFinding()
    {
        var batch = JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new { messageId = "asff", body = File.ReadAllText(Path.Combine(RepoPaths.BundledSamples, "securityhub-cis-4.1-finding.json")) },
                new { messageId = "ocsf", body = File.ReadAllText(SampleFiles.OcsfPath("detection-2004-exposure-lambda-securityhub-risk-awsdocs.json")) },
            },
        });

        var (exit, output, error) = await Run(batch, "-", "--json");

        Assert.True(exit == 0, error);
        var calls = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        var parents = calls.Where(c => !c.GetProperty("body").TryGetProperty("thread_ts", out _)).ToArray();
        Assert.Equal(2, parents.Length);
        Assert.Equal(2, calls.Length - parents.Length);
        Assert.Contains(parents, p => p.GetProperty("body").GetProperty("text").GetString()!.Contains("Publicly invocable Lambda function", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OcsfEventWithoutMetadataIds_ExitsTwoWithAClearMessage()
    {
        var evt = File.ReadAllText(SampleFiles.OcsfPath("data-security-2006-macie-PARTIAL-asr.json"))
            .Replace("\"cloud\"", "\"cloud_removed\"", StringComparison.Ordinal);

        var (exit, _, error) = await Run(evt, "-");

        Assert.Equal(2, exit);
        Assert.Contains("has no metadata.uid and no complete identifier", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Fakes.Lambda;

/// <summary>
/// Slack, Security Hub and Bedrock fakes for a published Ingest <c>bootstrap</c> run as its own process
/// (<see cref="RuntimeProcess"/>): the environment that points it at them, events for seeded findings,
/// and the proof that the model explained the alert (not the offline fallback).
/// </summary>
public sealed class IngestFakes : IAsyncDisposable
{
    /// <summary>The alert's line for a model-written explanation; the fallback and offline texts lack it.</summary>
    public const string AiMarker = "written by AI";

    private IngestFakes(SlackFake slack, FakeSecurityHub securityHub, FakeBedrock bedrock)
    {
        Slack = slack;
        SecurityHub = securityHub;
        Bedrock = bedrock;
    }

    public SlackFake Slack { get; }

    public FakeSecurityHub SecurityHub { get; }

    public FakeBedrock Bedrock { get; }

    /// <summary>What the process needs: the fakes' URLs, the test key pair, Bedrock explanations on.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = SigV4Verifier.TestAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SigV4Verifier.TestSecretAccessKey,
        ["AWS_REGION"] = "us-east-1",
        ["Slack__ApiBaseUrl"] = Slack.ApiBaseUrl,
        ["Slack__BotToken"] = SlackFake.BotToken,
        ["Slack__Channel"] = SlackFake.DefaultChannel,
        ["Slack__PostMessageInterval"] = "00:00:00",
        ["SecurityHub__ServiceUrl"] = SecurityHub.BaseUrl.ToString(),
        ["Bedrock__ServiceUrl"] = Bedrock.BaseUrl.ToString(),
        ["Explain__Mode"] = "bedrock",
    };

    public static async Task<IngestFakes> StartAsync()
    {
        var slack = await SlackFake.StartAsync().ConfigureAwait(false);
        slack.PostMessageMinInterval = TimeSpan.Zero;
        var hub = new FakeSecurityHub();
        await hub.StartAsync().ConfigureAwait(false);
        var bedrock = new FakeBedrock();
        await bedrock.StartAsync().ConfigureAwait(false);
        return new IngestFakes(slack, hub, bedrock);
    }

    /// <summary>Seeds two findings of different controls (so each needs its own model call) and returns their Imported events.</summary>
    public (string First, string Second) SeedTwoFindings(int run)
    {
        var first = SyntheticFindings.Control(10_000 + (run * 2), "EC2.18");
        var second = SyntheticFindings.Control(10_001 + (run * 2), "S3.1");
        SecurityHub.Seed([first, second]);
        return (Imported(first), Imported(second));
    }

    /// <summary>Counts to compare after a run: model calls and chat.postMessage calls so far.</summary>
    public (int ModelCalls, int Posts) Snapshot() => (Bedrock.Invocations.Count, Slack.CallsTo("chat.postMessage").Count);

    /// <summary>Null when, since <paramref name="before"/>, the model was called with valid signatures and a post carries the AI marker; else why not.</summary>
    public string? ModelExplainedSince((int ModelCalls, int Posts) before)
    {
        if (Bedrock.Invocations.Count <= before.ModelCalls)
        {
            return "the Bedrock fake received no model call (the explanation fell back to offline text)";
        }

        if (Bedrock.SignatureFailures > 0)
        {
            return $"{Bedrock.SignatureFailures} Bedrock request(s) had a bad SigV4 signature";
        }

        var posts = Slack.CallsTo("chat.postMessage").Skip(before.Posts).ToList();
        return posts.Any(p => p.Body.GetRawText().Contains(AiMarker, StringComparison.Ordinal))
            ? null
            : $"none of the {posts.Count} posted message(s) carries the AI marker \"{AiMarker}\"";
    }

    /// <summary>The EventBridge event Security Hub sends for an imported finding.</summary>
    public static string Imported(JsonElement finding) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Security Hub Findings - Imported",
        ["source"] = "aws.securityhub",
        ["account"] = "123456789012",
        ["region"] = "us-east-1",
        ["detail"] = new JsonObject { ["findings"] = new JsonArray(JsonNode.Parse(finding.GetRawText())) },
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await Bedrock.DisposeAsync().ConfigureAwait(false);
        await SecurityHub.DisposeAsync().ConfigureAwait(false);
        await Slack.DisposeAsync().ConfigureAwait(false);
    }
}

using SecHubBot.Fakes.Lambda;

namespace SecHubBot.Ingest.Tests.Publish;

/// <summary>
/// The deployable artifact itself (trimmed, AOT-compiled: whatever scripts/publish-ingest.sh ships), not the
/// assemblies `dotnet test` loads: trimming can remove what only reflection reaches, and the model call is the
/// part that used to break that way while the alert quietly fell back to offline text.
/// </summary>
public sealed class PublishedBootstrapTests
{
    [PublishedBootstrapFact]
    public async Task PublishedBootstrap_FirstEvent_CallsTheModelAndPostsItsExplanation()
    {
        Assert.True(File.Exists(PublishedBootstrapFactAttribute.Path), $"{PublishedBootstrapFactAttribute.Variable} names {PublishedBootstrapFactAttribute.Path}, which does not exist");
        await using var fakes = await IngestFakes.StartAsync();
        var (first, second) = fakes.SeedTwoFindings(0);
        var before = fakes.Snapshot();

        var run = await RuntimeProcess.RunAsync(PublishedBootstrapFactAttribute.Path!, fakes.Environment, first, second, TimeSpan.FromSeconds(60));

        Assert.True(run.First.Succeeded, run.First.Body + "\n" + run.Output);
        Assert.True(run.Second.Succeeded, run.Second.Body + "\n" + run.Output);
        Assert.Null(fakes.ModelExplainedSince(before));
        Assert.Equal(2, fakes.Bedrock.Invocations.Count);
        Assert.All(fakes.Bedrock.Invocations, i => Assert.Equal("bedrock-2023-05-31", i.Json.GetProperty("anthropic_version").GetString()));
    }
}

/// <summary>
/// Runs only when <c>SECHUBBOT_PUBLISHED_BOOTSTRAP</c> names a published bootstrap (publishing takes minutes,
/// too long for every test run): <c>scripts/publish-ingest.sh</c>, then
/// <c>SECHUBBOT_PUBLISHED_BOOTSTRAP=artifacts/ingest/publish/bootstrap dotnet test tests/SecHubBot.Ingest.Tests --filter PublishedBootstrap</c>.
/// </summary>
public sealed class PublishedBootstrapFactAttribute : FactAttribute
{
    public const string Variable = "SECHUBBOT_PUBLISHED_BOOTSTRAP";

    public PublishedBootstrapFactAttribute()
    {
        if (Path is null)
        {
            Skip = $"set {Variable} to a published bootstrap (scripts/publish-ingest.sh) to run this";
        }
    }

    public static string? Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : null;
}

using SecHubBot.Fakes;

namespace SecHubBot.Ingest.Tests;

/// <summary>The README's configuration reference names every key this assembly's options classes bind.</summary>
public class ConfigurationReferenceTests
{
    public static TheoryData<string> Keys() => new([.. ConfigurationKeys.BoundBy(typeof(SecHubBot.Ingest.Cli.IngestCli).Assembly), SecHubBot.Ingest.Hosting.SlackBotTokenFromSecretsManager.ServiceUrlKey]);

    [Theory]
    [MemberData(nameof(Keys))]
    public void Readme_DocumentsEveryOptionsKey(string key) => Assert.True(ConfigurationKeys.DocumentedInReadme(key), $"README.md does not document `{key}`");
}

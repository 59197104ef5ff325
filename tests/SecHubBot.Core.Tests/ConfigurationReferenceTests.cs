using SecHubBot.Fakes;

namespace SecHubBot.Core.Tests;

/// <summary>The README's configuration reference names every key this assembly's options classes bind.</summary>
public class ConfigurationReferenceTests
{
    public static TheoryData<string> Keys() => new(ConfigurationKeys.BoundBy(typeof(SecHubBot.Core.Findings.Finding).Assembly));

    [Theory]
    [MemberData(nameof(Keys))]
    public void Readme_DocumentsEveryOptionsKey(string key) => Assert.True(ConfigurationKeys.DocumentedInReadme(key), $"README.md does not document `{key}`");
}

using System.Reflection;
using SecHubBot.Fakes;

namespace SecHubBot.Bot.Tests;

/// <summary>The README's configuration reference names every key the Bot's options classes bind.</summary>
public class ConfigurationReferenceTests
{
    public static TheoryData<string> Keys()
    {
        var keys = new TheoryData<string>();
        foreach (var type in typeof(SecHubBot.Bot.BotOptions).Assembly.GetTypes())
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is not string section)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
            {
                keys.Add($"{section}:{property.Name}");
            }
        }

        return keys;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Readme_DocumentsEveryOptionsKey(string key) =>
        Assert.Contains($"`{key}`", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), StringComparison.Ordinal);
}

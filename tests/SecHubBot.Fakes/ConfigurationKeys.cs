using System.Reflection;

namespace SecHubBot.Fakes;

/// <summary>
/// The configuration keys an assembly's options classes bind: "Section:Property" for every class with a SectionName.
/// An indexer is no key: a section keyed by ids (Accounts:{id}:Name) is a dictionary, documented by its own row.
/// </summary>
public static class ConfigurationKeys
{
    public static IReadOnlyList<string> BoundBy(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var keys = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is not string section)
            {
                continue;
            }

            keys.AddRange(type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
                .Select(p => $"{section}:{p.Name}"));
        }

        return keys;
    }

    /// <summary>Whether the README's configuration reference names <paramref name="key"/> (as `Section:Key`).</summary>
    public static bool DocumentedInReadme(string key) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Contains($"`{key}`", StringComparison.Ordinal);
}

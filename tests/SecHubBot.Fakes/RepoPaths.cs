using System.Reflection;

namespace SecHubBot.Fakes;

/// <summary>Where the repository's bundled samples and ../shared/samples are, for tests.</summary>
public static class RepoPaths
{
    /// <summary>The repository root, from the RepoRoot assembly metadata every test project carries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Permissively licensed real samples bundled with the product (see samples/NOTICE).</summary>
    public static string BundledSamples => Path.Combine(Root, "samples");

    /// <summary>Permissively licensed real OCSF findings (new Security Hub) bundled with the product (see samples/NOTICE).</summary>
    public static string BundledOcsfSamples => Path.Combine(Root, "samples", "ocsf");

    /// <summary>The team's full corpus beside the repository, when it is there (not in every checkout).</summary>
    public static string? SharedSamples
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "samples"));
            return Directory.Exists(path) ? path : null;
        }
    }

    private static string FindRoot()
    {
        var fromMetadata = Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.EndsWith(".Tests", StringComparison.Ordinal) == true)
                .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>()))
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (fromMetadata is not null && File.Exists(Path.Combine(fromMetadata, "SecHubBot.sln")))
        {
            return Path.GetFullPath(fromMetadata);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecHubBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (SecHubBot.sln) above " + AppContext.BaseDirectory);
    }
}

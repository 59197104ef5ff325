namespace SecHubBot.Ingest.Cli;

/// <summary>
/// The CLI's arguments (DESIGN.md §3 "CLI"): <c>&lt;file|-&gt; [--json] [--post] [--all]</c>, plus any
/// configuration key as <c>--Section:Key=value</c> (or <c>--Section:Key value</c>), the way .NET's
/// command-line configuration provider reads them.
/// </summary>
internal sealed record CliArguments
{
    public string? Input { get; init; }

    public bool Json { get; init; }

    public bool Post { get; init; }

    /// <summary>Preview every finding, also those the filter policy would skip (the skip reasons are still printed).</summary>
    public bool All { get; init; }

    public bool Help { get; init; }

    /// <summary>Configuration overrides, in the form <c>Section:Key=value</c>.</summary>
    public IReadOnlyList<string> ConfigurationOverrides { get; init; } = [];

    public const string Usage =
        """
        Usage: dotnet run --project src/Ingest -- <file|-> [--json] [--post] [--all] [--Section:Key=value ...]

        Reads a Security Hub finding event and shows what SecHubBot would post to Slack.
          <file|->   an EventBridge "Security Hub Findings - Imported" or "- Custom Action" event, an SQS batch
                     of them, one ASFF finding, an array of findings, or {"Findings": [...]}; - reads stdin
          --json     print only the Slack calls as a JSON array of {"method", "body"}
          --post     run the whole pipeline for real (Security Hub state, Slack, write-back)
          --all      preview findings the filter would skip too (reasons still go to stderr)
          --Filter:MinSeverity=LOW, --Explain:IacFlavor=cdk, ...   any configuration key

        Exit codes: 0 done (also when every finding was filtered out); 2 the input is not a finding event
        or the arguments are wrong; 1 a dependency (Slack, AWS, the model) failed.
        """;

    /// <summary>Parses arguments, or returns an error message for the user.</summary>
    public static (CliArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        var result = new CliArguments();
        var overrides = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--json":
                    result = result with { Json = true };
                    break;
                case "--post":
                    result = result with { Post = true };
                    break;
                case "--all":
                    result = result with { All = true };
                    break;
                case "-h" or "--help" or "-?":
                    result = result with { Help = true };
                    break;
                case "-":
                    if (result.Input is not null)
                    {
                        return (null, $"only one input may be given, got \"{result.Input}\" and \"-\"");
                    }

                    result = result with { Input = "-" };
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
                    {
                        var setting = arg[2..];
                        if (!setting.Contains('=', StringComparison.Ordinal))
                        {
                            if (i + 1 >= args.Count)
                            {
                                return (null, $"{arg} needs a value (--{setting}=value)");
                            }

                            setting += "=" + args[++i];
                        }

                        overrides.Add(setting);
                    }
                    else if (arg.StartsWith('-'))
                    {
                        return (null, $"unknown option {arg}");
                    }
                    else if (result.Input is not null)
                    {
                        return (null, $"only one input may be given, got \"{result.Input}\" and \"{arg}\"");
                    }
                    else
                    {
                        result = result with { Input = arg };
                    }

                    break;
            }
        }

        if (result.Json && result.Post)
        {
            return (null, "--json previews without posting; it cannot be combined with --post");
        }

        if (!result.Help && result.Input is null)
        {
            return (null, "no input given");
        }

        return (result with { ConfigurationOverrides = overrides }, null);
    }
}

using System.Diagnostics;

namespace SecHubBot.Fakes.Processes;

/// <summary>
/// Runs one of our built executables the way a new user would (<c>dotnet X.dll</c>), with none of the
/// configuration the test runner's environment may carry (SLACK_*, AWS_*, Slack__*, ...), and captures its output.
/// </summary>
public static class ChildProcess
{
    private static readonly string[] ConfigurationPrefixes =
        ["SLACK_", "AWS_", "OTEL_", "Slack__", "Aws__", "SecurityHub__", "Bedrock__", "Explain__", "Telemetry__", "Ingest__", "Bot__", "Authorization__"];

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string assemblyPath, IReadOnlyList<string> args, string stdin = "", TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => ConfigurationPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        // No shared ~/.aws either: the child must not find credentials the developer happens to have.
        start.Environment["HOME"] = Path.GetTempPath();

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}

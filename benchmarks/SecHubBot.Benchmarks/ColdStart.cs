using System.Globalization;
using SecHubBot.Fakes.Lambda;

namespace SecHubBot.Benchmarks;

/// <summary>
/// Cold start of a published <c>bootstrap</c>, the way Lambda starts a custom runtime, against loopback fakes
/// (Runtime API, Slack, Security Hub, Bedrock with no delay): process start → first GET next (init done) and
/// → first event handled (GetFindings, the model call, the posts, the write-back), beside a hello-world runtime
/// published the same way, runs interleaved so both see the same machine load. A run whose alert was not
/// explained by the model (no Bedrock call, or no AI marker in the post) fails the benchmark: a fast start
/// that silently fell back to offline text measures nothing.
/// </summary>
internal static class ColdStart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string bootstrap, string? hello, int runs, TextWriter output)
    {
        foreach (var path in new[] { bootstrap, hello }.OfType<string>().Where(p => !File.Exists(p)))
        {
            await output.WriteLineAsync($"no such file: {path} (run scripts/bench-coldstart.sh, or scripts/publish-ingest.sh first)").ConfigureAwait(false);
            return 2;
        }

        await using var fakes = await IngestFakes.StartAsync().ConfigureAwait(false);
        var app = new List<RuntimeRun>();
        var baseline = new List<RuntimeRun>();
        for (var run = 0; run < runs; run++)
        {
            if (hello is not null)
            {
                var helloRun = await RuntimeProcess.RunAsync(hello, new Dictionary<string, string>(), "{}", "{}", Timeout).ConfigureAwait(false);
                baseline.Add(helloRun);
                await output.WriteLineAsync(Line(run, "hello-world", helloRun)).ConfigureAwait(false);
            }

            var (first, second) = fakes.SeedTwoFindings(run);
            var before = fakes.Snapshot();
            var appRun = await RuntimeProcess.RunAsync(bootstrap, fakes.Environment, first, second, Timeout).ConfigureAwait(false);
            if (!appRun.First.Succeeded || !appRun.Second.Succeeded)
            {
                await output.WriteLineAsync($"run {run + 1}: invocation failed: {appRun.First.Body} {appRun.Second.Body}\n{appRun.Output}").ConfigureAwait(false);
                return 1;
            }

            if (fakes.ModelExplainedSince(before) is { } problem)
            {
                await output.WriteLineAsync($"run {run + 1}: FAILED, the model did not explain the alert: {problem}\n{appRun.Output}").ConfigureAwait(false);
                return 1;
            }

            app.Add(appRun);
            await output.WriteLineAsync(Line(run, "bootstrap", appRun)).ConfigureAwait(false);
        }

        await output.WriteLineAsync(Summary(bootstrap, app)).ConfigureAwait(false);
        if (hello is not null)
        {
            await output.WriteLineAsync(Summary(hello, baseline)).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"first /next: {Median(app, r => r.FirstPollMs) / Median(baseline, r => r.FirstPollMs):F1}× the hello-world (goal ≤ 3×); first event {Median(app, r => r.FirstEventMs):F0} ms (goal ≤ 300 ms)")).ConfigureAwait(false);
        }

        return 0;
    }

    private static string Line(int run, string what, RuntimeRun r) => string.Create(CultureInfo.InvariantCulture,
        $"run {run + 1} {what}: first /next {r.FirstPollMs:F0} ms, first event handled {r.FirstEventMs:F0} ms, second event {r.SecondEventMs:F0} ms");

    private static string Summary(string executable, List<RuntimeRun> runs)
    {
        var zip = Path.Combine(Path.GetDirectoryName(executable)!, "..", "bootstrap.zip");
        var size = File.Exists(zip) ? string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(zip).Length / 1024.0 / 1024.0:F1} MB zip") : "no zip beside it";
        return string.Create(CultureInfo.InvariantCulture,
            $"{executable}: medians over {runs.Count} runs: first /next {Median(runs, r => r.FirstPollMs):F0} ms (min {runs.Min(r => r.FirstPollMs):F0}, max {runs.Max(r => r.FirstPollMs):F0}), " +
            $"first event handled {Median(runs, r => r.FirstEventMs):F0} ms (min {runs.Min(r => r.FirstEventMs):F0}, max {runs.Max(r => r.FirstEventMs):F0}), " +
            $"second event {Median(runs, r => r.SecondEventMs):F0} ms; {size}");
    }

    private static double Median(List<RuntimeRun> runs, Func<RuntimeRun, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

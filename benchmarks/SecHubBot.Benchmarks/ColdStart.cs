using System.Diagnostics;
using System.Globalization;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Lambda;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Benchmarks;

/// <summary>
/// Cold start of a published <c>bootstrap</c>: process start → first event handled (the Runtime API got its
/// response), the way Lambda starts a custom runtime, against loopback fakes (Runtime API, Slack, Security Hub,
/// Bedrock with no delay). The first event does the real work: GetFindings, the model call, two posts, the write-back.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(string bootstrap, int runs, TextWriter output)
    {
        if (!File.Exists(bootstrap))
        {
            await output.WriteLineAsync($"no such file: {bootstrap} (run scripts/publish-ingest.sh first)").ConfigureAwait(false);
            return 2;
        }

        await using var slack = await SlackFake.StartAsync();
        slack.PostMessageMinInterval = TimeSpan.Zero;
        await using var hub = new FakeSecurityHub();
        await hub.StartAsync();
        await using var bedrock = new FakeBedrock();
        await bedrock.StartAsync();

        var cold = new List<double>();
        var warm = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await using var api = await FakeRuntimeApi.StartAsync();
            var first = SyntheticFindings.Control(10_000 + (run * 2), "EC2.18");
            var second = SyntheticFindings.Control(10_001 + (run * 2), "S3.1");
            hub.Seed([first, second]);

            var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["AWS_LAMBDA_RUNTIME_API"] = api.RuntimeApi,
                ["AWS_ACCESS_KEY_ID"] = SigV4Verifier.TestAccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = SigV4Verifier.TestSecretAccessKey,
                ["AWS_REGION"] = "us-east-1",
                ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
                ["Slack__BotToken"] = SlackFake.BotToken,
                ["Slack__Channel"] = SlackFake.DefaultChannel,
                ["Slack__PostMessageInterval"] = "00:00:00",
                ["SecurityHub__ServiceUrl"] = hub.BaseUrl.ToString(),
                ["Bedrock__ServiceUrl"] = bedrock.BaseUrl.ToString(),
                ["Explain__Mode"] = "bedrock",
            })
            {
                start.Environment[key] = value;
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var logs = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            var firstResult = await api.InvokeAsync(IngestScenario.Imported(first)).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var coldMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var secondResult = await api.InvokeAsync(IngestScenario.Imported(second)).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var warmMs = clock.Elapsed.TotalMilliseconds;
            api.Shutdown();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (!firstResult.Succeeded || !secondResult.Succeeded)
            {
                await output.WriteLineAsync($"run {run + 1}: invocation failed: {firstResult.Body} {secondResult.Body}\n{await logs.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}").ConfigureAwait(false);
                return 1;
            }

            cold.Add(coldMs);
            warm.Add(warmMs);
            await output.WriteLineAsync($"run {run + 1}: cold {coldMs:F0} ms (process start → first event handled), warm {warmMs:F0} ms (second event)").ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{bootstrap}: cold start median {Median(cold):F0} ms (min {cold.Min():F0}, max {cold.Max():F0}) over {runs} runs; warm event median {Median(warm):F0} ms")).ConfigureAwait(false);
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

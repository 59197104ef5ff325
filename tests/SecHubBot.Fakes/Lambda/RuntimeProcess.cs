using System.Diagnostics;

namespace SecHubBot.Fakes.Lambda;

/// <summary>Timings of one cold runtime process, from process start (ms), and what it answered.</summary>
public sealed record RuntimeRun(double FirstPollMs, double FirstEventMs, double SecondEventMs, InvocationResult First, InvocationResult Second, string Output);

/// <summary>
/// Runs a custom-runtime executable (a published <c>bootstrap</c>) the way Lambda does: a fresh process with
/// <c>AWS_LAMBDA_RUNTIME_API</c> pointing at a <see cref="FakeRuntimeApi"/>, an invocation already waiting, then a
/// second one, then the 500 that ends it. Measures process start → first GET next, → first event answered.
/// </summary>
public static class RuntimeProcess
{
    public static async Task<RuntimeRun> RunAsync(
        string executable, IReadOnlyDictionary<string, string> environment, string firstEvent, string secondEvent, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        await using var api = await FakeRuntimeApi.StartAsync().ConfigureAwait(false);
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["AWS_LAMBDA_RUNTIME_API"] = api.RuntimeApi;

        // Lambda starts a runtime for an invocation that is already waiting.
        var first = api.InvokeAsync(firstEvent);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var firstResult = await first.WaitAsync(timeout).ConfigureAwait(false);
            var firstEventMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var firstPollMs = Stopwatch.GetElapsedTime(started, await api.FirstPoll.ConfigureAwait(false)).TotalMilliseconds;
            var secondStarted = Stopwatch.GetTimestamp();
            var secondResult = await api.InvokeAsync(secondEvent).WaitAsync(timeout).ConfigureAwait(false);
            var secondEventMs = Stopwatch.GetElapsedTime(secondStarted).TotalMilliseconds;
            api.Shutdown();
            await process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
            return new RuntimeRun(firstPollMs, firstEventMs, secondEventMs, firstResult, secondResult, output);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
            throw new TimeoutException($"{executable} did not answer within {timeout.TotalSeconds:F0} s. Output:\n{output}");
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

// Bot scenario benchmark: the Slack fake (real Socket Mode), fake Security Hub and fake Bedrock run in this
// process; the Bot runs as its own process (its Release build), so its memory is measured alone.
//   dotnet run -c Release --project benchmarks/SecHubBot.Bot.Benchmarks -- [--threads 20] [--model-delay 2]
// See docs/benchmarks.md ("## Bot"). scripts/bench-bot.sh builds the Bot first and runs this.
var threads = IntArg("--threads", 20);
var modelDelay = TimeSpan.FromSeconds(IntArg("--model-delay", 2));
var sequential = IntArg("--sequential", 5);
// --fallback: the Slack fake refuses chat.startStream (access_denied), so answers go by placeholder and chat.update.
var fallback = args.Contains("--fallback");
var botDll = StringArg("--bot", Path.Combine(RepoRoot(), "src", "Bot", "bin", "Release", "net10.0", "SecHubBot.Bot.dll"));
if (!File.Exists(botDll))
{
    Console.Error.WriteLine($"Bot build not found at {botDll}; run: dotnet build src/Bot -c Release");
    return 2;
}

await using var slack = await SlackFake.StartAsync();
await using var securityHub = new FakeSecurityHub();
await securityHub.StartAsync();
await using var bedrock = new FakeBedrock();
await bedrock.StartAsync();
var count = threads + sequential;
securityHub.Seed(Enumerable.Range(1, count).Select(i => SyntheticFindings.Control(i)));
slack.AddUser("U0PERSON", "alice", "Alice Doe", displayName: "Alice");
bedrock.Delay = modelDelay;
var answer = AnswerText();

// The fake sends the whole answer when Reply runs (after Delay): that moment is the model's last token, per finding.
var lastTokens = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
bedrock.Reply = invocation =>
{
    var index = Enumerable.Range(1, count).FirstOrDefault(i => invocation.PromptText.Contains(SyntheticFindings.IdOf(i), StringComparison.Ordinal));
    lastTokens["C0BENCH" + index.ToString("D3", CultureInfo.InvariantCulture)] = DateTimeOffset.UtcNow;
    return answer;
};
slack.StreamingRefusal = fallback ? "access_denied" : null;

using var bot = StartBot(botDll, slack, securityHub, bedrock);
await slack.SocketMode.WaitForConnectionsAsync(2, TimeSpan.FromSeconds(60));
var baselineRss = Rss(bot.Id);

// One alert thread per finding, each in its own channel (Slack paces posts per channel at about 1 a second).
var client = slack.CreateApiClient();
var alerts = new List<(string Channel, string Ts)>();
for (var i = 1; i <= count; i++)
{
    var finding = FindingReader.Read(SyntheticFindings.Control(i)).Finding!;
    var channel = "C0BENCH" + i.ToString("D3", CultureInfo.InvariantCulture);
    var messages = new AlertComposer().Compose(finding, await new OfflineExplainer().ExplainAsync(finding, CancellationToken.None), channel);
    var parent = await client.PostMessageAsync(messages.Parent);
    await client.PostMessageAsync(messages.InThread(parent.Ts).FirstReply);
    alerts.Add((channel, parent.Ts));
}

Console.WriteLine($"Bot pid {bot.Id}; model delay {modelDelay.TotalSeconds:F0} s; answer {answer.Length} characters; {(fallback ? "streaming refused (chat.update fallback)" : "streaming")}");

// Scenario 1: one question at a time.
var single = new List<(double First, double Final, double AfterLastToken)>();
foreach (var (channel, ts) in alerts.Take(sequential))
{
    single.Add(await AskAsync(slack, lastTokens, channel, ts));
}

// Scenario 2: questions in `threads` threads at once.
var rssSamples = new List<long>();
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        rssSamples.Add(Rss(bot.Id));
        await Task.Delay(50);
    }
});
var concurrent = await Task.WhenAll(alerts.Skip(sequential).Select(a => AskAsync(slack, lastTokens, a.Channel, a.Ts)));
await sampling.CancelAsync();
await sampler;

var peak = PeakRss(bot.Id);
Console.WriteLine();
Console.WriteLine("| scenario | first visible sign p50 / max | final answer p50 / max | model's last token → final message p50 / max |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| 1 thread, {sequential} runs | {P50(single.Select(r => r.First))} / {Max(single.Select(r => r.First))} | {P50(single.Select(r => r.Final))} / {Max(single.Select(r => r.Final))} | {P50(single.Select(r => r.AfterLastToken))} / {Max(single.Select(r => r.AfterLastToken))} |");
Console.WriteLine($"| {threads} threads at once | {P50(concurrent.Select(r => r.First))} / {Max(concurrent.Select(r => r.First))} | {P50(concurrent.Select(r => r.Final))} / {Max(concurrent.Select(r => r.Final))} | {P50(concurrent.Select(r => r.AfterLastToken))} / {Max(concurrent.Select(r => r.AfterLastToken))} |");
Console.WriteLine();
Console.WriteLine($"Bot memory (RSS): {Mb(baselineRss)} connected and idle, {Mb(rssSamples.DefaultIfEmpty(0).Max())} highest sampled during the {threads}-thread burst, {Mb(peak)} peak since start (VmHWM).");
var answered = count;
string[] answerMethods = ["assistant.threads.setStatus", "chat.startStream", "chat.appendStream", "chat.stopStream", "chat.postMessage", "chat.update", "conversations.replies"];
var perMethod = answerMethods.Select(m => (Method: m, Count: slack.CallsTo(m).Count - (m == "chat.postMessage" ? 2 * count : 0))).ToList();
Console.WriteLine($"Slack calls for {answered} answers: {string.Join(", ", perMethod.Select(p => $"{p.Method} {p.Count}"))}; {perMethod.Sum(p => p.Count) / (double)answered:F1} per answer; 429 answers {slack.Calls.Count(c => c.Answered429)}; model calls {bedrock.Calls}; pacing violations {slack.PacingViolations}");

bot.Kill(entireProcessTree: true);
await bot.WaitForExitAsync();
return 0;

static async Task<(double First, double Final, double AfterLastToken)> AskAsync(SlackFake slack, System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> lastTokens, string channel, string threadTs)
{
    var ts = slack.AddMessage(channel, "how do I fix this in CDK?", threadTs, "U0PERSON");
    var sent = DateTimeOffset.UtcNow;
    await slack.SocketMode.SendEventAsync(SlackFakePayloads.Message(channel, "how do I fix this in CDK?", threadTs, "U0PERSON", ts));
    DateTimeOffset? first = null;
    var deadline = DateTime.UtcNow.AddSeconds(120);
    while (DateTime.UtcNow < deadline)
    {
        // The first visible sign: the thread status, or the placeholder reply where the status is refused.
        var sign = slack.Calls.FirstOrDefault(c => !c.Answered429 && c.At >= sent
            && ((c.Method == "assistant.threads.setStatus" && Arg(c, "channel_id") == channel)
                || (c.Method is "chat.postMessage" or "chat.startStream" && Arg(c, "channel") == channel && Arg(c, "thread_ts") == threadTs)));
        first ??= sign?.At;
        var final = slack.Calls.FirstOrDefault(c => !c.Answered429 && c.At >= sent && Arg(c, "channel") == channel
            && ((c.Method == "chat.update" && Arg(c, "text")?.Contains("Written by AI", StringComparison.Ordinal) == true)
                || (c.Method == "chat.stopStream" && Arg(c, "markdown_text")?.Contains("Written by AI", StringComparison.Ordinal) == true)));
        if (first is not null && final is not null)
        {
            var lastToken = lastTokens.TryGetValue(channel, out var at) ? at : final.At;
            return ((first.Value - sent).TotalMilliseconds, (final.At - sent).TotalMilliseconds, (final.At - lastToken).TotalMilliseconds);
        }

        await Task.Delay(5);
    }

    throw new TimeoutException($"No answer in {channel}");
}

static string? Arg(SlackApiCall call, string name) =>
    call.Body.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

static Process StartBot(string dll, SlackFake slack, FakeSecurityHub securityHub, FakeBedrock bedrock)
{
    var start = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    var env = new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
        ["Slack__BotToken"] = SlackFake.BotToken,
        ["Slack__AppToken"] = SlackFake.AppToken,
        ["Slack__PostMessageInterval"] = "00:00:00.050",
        ["Aws__Region"] = "us-east-1",
        ["SecurityHub__ServiceUrl"] = securityHub.BaseUrl.ToString(),
        ["Bedrock__ServiceUrl"] = bedrock.BaseUrl.ToString(),
        ["Explain__Mode"] = "bedrock",
        ["AWS_ACCESS_KEY_ID"] = SigV4Verifier.TestAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SigV4Verifier.TestSecretAccessKey,
        ["Authorization__Approvers"] = "U0APPROVER",
    };
    foreach (var (key, value) in env)
    {
        start.Environment[key] = value;
    }

    var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Bot");
    process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("[bot] " + line); } };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("[bot] " + line); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static long Rss(int pid) => StatusField(pid, "VmRSS:");

static long PeakRss(int pid) => StatusField(pid, "VmHWM:");

static long StatusField(int pid, string field)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MB";

static string P50(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return Ms(sorted[sorted.Count / 2]);
}

static string Max(IEnumerable<double> values) => Ms(values.Max());

static string Ms(double ms) => ms >= 1000 ? (ms / 1000).ToString("F2", CultureInfo.InvariantCulture) + " s" : ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";

static string AnswerText()
{
    var text = new StringBuilder("**Fix it in CDK** by narrowing the ingress rule:\n\n```ts\n");
    for (var i = 0; i < 20; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"sg.addIngressRule(ec2.Peer.ipv4('10.0.{i}.0/24'), ec2.Port.tcp(443), 'internal {i}');\n");
    }

    text.Append("```\n\nThen deploy and check the control again. See [the CDK guide](https://docs.aws.amazon.com/cdk/v2/guide/home.html).");
    return text.ToString();
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "SecHubBot.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

int IntArg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;

string StringArg(string name, string fallback) =>
    Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

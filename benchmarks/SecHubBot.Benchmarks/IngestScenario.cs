using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Lambda;
using SecHubBot.Ingest.Pipeline;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Benchmarks;

/// <summary>What the scenario feeds and how.</summary>
internal sealed record ScenarioOptions
{
    public int Findings { get; init; } = 1000;

    public int Controls { get; init; } = 20;

    /// <summary>SQS records per invocation (the event source mapping's BatchSize).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>"control": a standard's findings arrive control by control; "shuffled": in random order (seed 42).</summary>
    public string Order { get; init; } = "control";

    public TimeSpan ModelDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan SlackInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Events delivered a second time after the run (SQS and EventBridge deliver at least once).</summary>
    public int Redeliver { get; init; } = 100;

    public TimeSpan StormWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Concurrent handlers (Lambda instances), each with its own service provider and store client.</summary>
    public int Handlers { get; init; } = 1;
}

/// <summary>
/// 1,000 findings over 20 controls through the real pipeline (the Lambda handler, wired as in production)
/// against the Slack fake with Slack's pacing (1 chat.postMessage per second per channel, 429 beyond),
/// Security Hub, and a model that takes 2 s per call. Failed records are redelivered, as SQS would.
/// </summary>
internal static class IngestScenario
{
    private static readonly string[] ControlIds =
    [
        "EC2.18", "EC2.19", "EC2.2", "EC2.8", "S3.1", "S3.8", "IAM.6", "IAM.4", "RDS.2", "RDS.3",
        "Lambda.1", "CloudTrail.1", "KMS.4", "ELB.1", "ECR.1", "EKS.1", "SSM.1", "GuardDuty.1", "Config.1", "CloudFront.1",
    ];

    public static async Task<int> RunAsync(ScenarioOptions options, TextWriter output)
    {
        await using var slack = await SlackFake.StartAsync();
        slack.PostMessageMinInterval = options.SlackInterval;
        await using var hub = new FakeSecurityHub();
        await hub.StartAsync();
        await using var bedrock = new FakeBedrock { Delay = options.ModelDelay };
        await bedrock.StartAsync();

        var controls = ControlIds.Take(options.Controls).ToArray();
        var findings = Enumerable.Range(0, options.Findings).Select(i => SyntheticFindings.Control(i, controls[i % controls.Length])).ToList();
        hub.Seed(findings);
        var events = findings.Select((f, i) => (Id: f.GetProperty("Id").GetString()!, Control: controls[i % controls.Length], Event: Imported(f))).ToList();
        var random = new Random(42);
        events = options.Order == "shuffled"
            ? [.. events.OrderBy(_ => random.Next())]
            : [.. events.OrderBy(e => Array.IndexOf(controls, e.Control)).ThenBy(e => e.Id, StringComparer.Ordinal)];

        // The store of record: a dynalite table shared by the handlers (each with its own client), or process memory for one handler.
        using var table = Dynalite.Url is null ? null : await Dynalite.CreateTableAsync("bench", TimeProvider.System).ConfigureAwait(false);
        if (table is null && options.Handlers > 1)
        {
            output.WriteLine($"several handlers need a shared store: start dynalite and set {Dynalite.UrlVariable} (docs/benchmarks.md)");
            return 2;
        }

        var hosts = Enumerable.Range(0, options.Handlers).Select(_ => Build(slack, hub, bedrock, options, table)).ToList();
        var handlers = hosts.Select(h => h.Services.GetRequiredService<IngestInvocationHandler>()).ToArray();

        var clock = Stopwatch.StartNew();
        var invocations = 0;
        var retried = 0;
        var pending = events.Select((e, i) => (MessageId: $"m{i}", e.Event)).ToList();
        for (var attempt = 0; attempt < 5 && pending.Count > 0; attempt++)
        {
            var batches = pending.Chunk(options.BatchSize).ToList();
            invocations += batches.Count;
            pending = await DeliverAsync(handlers, batches).ConfigureAwait(false);
            retried += pending.Count;
        }

        var firstPhase = clock.Elapsed;
        var storeRequestsNew = table?.Requests.Total ?? 0;
        table?.Requests.Reset();
        var redelivered = events.OrderBy(e => e.Id, StringComparer.Ordinal).Where((_, i) => i % Math.Max(1, options.Findings / Math.Max(1, options.Redeliver)) == 0)
            .Take(options.Redeliver).Select((e, i) => ($"r{i}", e.Event)).ToArray();
        var postsBefore = slack.Calls.Count(c => !c.Answered429);
        if (redelivered.Length > 0)
        {
            var batches = redelivered.Chunk(options.BatchSize).ToList();
            invocations += batches.Count;
            await DeliverAsync(handlers, batches).ConfigureAwait(false);
        }

        var storeRequestsRedelivered = table?.Requests.Total ?? 0;
        var redeliveryCalls = slack.Calls.Count(c => !c.Answered429) - postsBefore;
        clock.Stop();

        var parents = slack.Messages(SlackFake.DefaultChannel);
        var refs = events.Select(e => (string?)hub.Find(e.Id)?["UserDefinedFields"]?[ThreadFields.Thread]).ToList();
        var parentRefs = parents.Select(p => $"{SlackFake.DefaultChannel}/{p.Ts}").ToHashSet(StringComparer.Ordinal);
        var lost = refs.Count(r => r is null || !parentRefs.Contains(r));
        var duplicated = parents.Count - refs.OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var notNotified = events.Count(e => (string?)hub.Find(e.Id)?["Workflow"]?["Status"] != "NOTIFIED");
        var calls = slack.Calls;
        using var process = Process.GetCurrentProcess();

        output.WriteLine($"scenario: {options.Findings} findings over {controls.Length} controls, SQS batches of {options.BatchSize} ({options.Order} order) to {options.Handlers} concurrent handlers, " +
                         $"storm window {options.StormWindow.TotalMinutes:F0} min, model {options.ModelDelay.TotalSeconds:F1} s/call, Slack {options.SlackInterval.TotalSeconds:F2} s/message/channel, " +
                         $"{redelivered.Length} events redelivered");
        output.WriteLine($"invocations:          {invocations} ({retried} records retried)");
        output.WriteLine($"threads (parents):    {parents.Count}");
        output.WriteLine($"model calls:          {bedrock.Calls}");
        output.WriteLine($"Slack calls:          {calls.Count(c => !c.Answered429)} ({calls.Count(c => c.Method == "chat.postMessage" && !c.Answered429)} chat.postMessage, " +
                         $"{calls.Count(c => c.Method == "chat.update" && !c.Answered429)} chat.update, {calls.Count(c => c.Answered429)} answered 429, {slack.PacingViolations} pacing violations)");
        output.WriteLine($"Security Hub calls:   {hub.GetFindingsCalls} GetFindings, {hub.BatchUpdateCalls} BatchUpdateFindings");
        output.WriteLine($"store:                {(table is null ? "process memory" : "DynamoDB (dynalite), one client per handler")}");
        if (table is not null)
        {
            output.WriteLine($"DynamoDB requests:    {storeRequestsNew} for the {options.Findings} new findings ({((double)storeRequestsNew / options.Findings).ToString("F2", CultureInfo.InvariantCulture)} per finding), " +
                             $"{storeRequestsRedelivered} for the {redelivered.Length} redelivered ({((double)storeRequestsRedelivered / Math.Max(1, redelivered.Length)).ToString("F2", CultureInfo.InvariantCulture)} per finding)");
        }

        output.WriteLine($"redelivery:           {redeliveryCalls} Slack calls for {redelivered.Length} redelivered events");
        output.WriteLine($"wall time:            {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s ({firstPhase.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s until every first delivery succeeded)");
        output.WriteLine($"peak memory:          {process.PeakWorkingSet64 / (1024 * 1024)} MB working set (harness process: pipeline and the three fakes), {GC.GetTotalMemory(false) / (1024 * 1024)} MB managed heap at the end");
        output.WriteLine($"findings lost:        {lost}");
        output.WriteLine($"findings duplicated:  {Math.Max(0, duplicated)}");
        output.WriteLine($"not NOTIFIED:         {notNotified}");
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        return lost == 0 && duplicated <= 0 ? 0 : 1;
    }

    /// <summary>Batches to the handlers, each handler taking its share in order while the others run at once; returns the failed records.</summary>
    private static async Task<List<(string MessageId, string Event)>> DeliverAsync(IngestInvocationHandler[] handlers, IReadOnlyList<(string MessageId, string Event)[]> batches)
    {
        var failed = await Task.WhenAll(handlers.Select(async (handler, n) =>
        {
            var mine = new List<(string, string)>();
            for (var i = n; i < batches.Count; i += handlers.Length)
            {
                var failures = await InvokeAsync(handler, batches[i]).ConfigureAwait(false);
                mine.AddRange(batches[i].Where(b => failures.Contains(b.MessageId)));
            }

            return mine;
        })).ConfigureAwait(false);
        return [.. failed.SelectMany(f => f)];
    }

    private static IHost Build(SlackFake slack, FakeSecurityHub hub, FakeBedrock bedrock, ScenarioOptions options, DynaliteTable? table)
    {
        var values = new Dictionary<string, string?>(slack.Configuration)
        {
            ["Slack:PostMessageInterval"] = options.SlackInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Aws:Region"] = "us-east-1",
            ["SecurityHub:ServiceUrl"] = hub.BaseUrl.ToString(),
            ["Bedrock:ServiceUrl"] = bedrock.BaseUrl.ToString(),
            ["Explain:Mode"] = "bedrock",
            ["Ingest:StormWindow"] = options.StormWindow.ToString("c", CultureInfo.InvariantCulture),
        };
        var builder = IngestHost.CreateBuilder(values.Select(v => $"{v.Key}={v.Value}"), readEnvironment: false);
        builder.Services.AddSingleton(AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey)));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        if (table is not null)
        {
            builder.Services.AddSingleton<IStoreOfRecord>(table.SeparateStore());
        }

        builder.Services.AddIngest(builder.Configuration, IngestTarget.Slack);
        return builder.Build();
    }

    private static async Task<HashSet<string>> InvokeAsync(IngestInvocationHandler handler, IReadOnlyList<(string MessageId, string Body)> records)
    {
        var payload = new JsonObject
        {
            ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject { ["messageId"] = r.MessageId, ["body"] = r.Body, ["eventSource"] = "aws:sqs" })]),
        }.ToJsonString();

        // A generous Lambda deadline (15 minutes, the maximum), so the scenario measures the pipeline, not the timeout.
        var invocation = new Invocation(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(payload)) { Deadline = DateTimeOffset.UtcNow.AddMinutes(15) };
        var response = await handler.HandleAsync(invocation, CancellationToken.None).ConfigureAwait(false);
        using var document = JsonDocument.Parse(response);
        return document.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    internal static string Imported(JsonElement finding) => SecHubBot.Fakes.Lambda.IngestFakes.Imported(finding);
}

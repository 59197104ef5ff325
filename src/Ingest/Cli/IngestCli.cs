using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Store;
using SecHubBot.Core.Aws;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Pipeline;
using SecHubBot.Ingest.Preview;

namespace SecHubBot.Ingest.Cli;

/// <summary>
/// The Ingest CLI (DESIGN.md §3): reads an event, runs parse → filter → explain → compose, and
/// previews what would be posted, or prints the exact Slack calls with <c>--json</c>. Every
/// problem becomes one line on stderr and an exit code, never a stack trace.
/// </summary>
internal sealed class IngestCli(
    TextReader stdin,
    TextWriter stdout,
    TextWriter stderr,
    bool readEnvironment = true,
    Action<IServiceCollection>? configureServices = null)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (arguments, error) = CliArguments.Parse(args);
        if (arguments is null)
        {
            await stderr.WriteLineAsync($"error: {error}\n\n{CliArguments.Usage}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (arguments.Help)
        {
            await stdout.WriteLineAsync(CliArguments.Usage).ConfigureAwait(false);
            return ExitCodes.Done;
        }

        try
        {
            return await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (NotAFindingEventException ex)
        {
            await stderr.WriteLineAsync($"error: not a finding event: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (InvalidConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await stderr.WriteLineAsync($"error: configuration: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }
    }

    private async Task<int> RunAsync(CliArguments arguments, CancellationToken cancellationToken)
    {
        var (json, source) = await ReadInputAsync(arguments.Input!, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            await stderr.WriteLineAsync($"error: {source}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var batch = FindingInputReader.Read(json);

        // One host for both: the preview records the Slack calls; --post runs the Lambda's code path for real.
        var builder = IngestHost.CreateBuilder(arguments.ConfigurationOverrides, readEnvironment);
        ConfigureLogging(builder.Logging);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddIngest(builder.Configuration, arguments.Post ? IngestTarget.Slack : IngestTarget.Preview);
        using var host = builder.Build();
        try
        {
            InvalidConfigurationException.ThrowIfInvalid(host.Services);
        }
        catch (Exception ex) when (ex is SecretsManagerException or AwsCredentialsException or HttpRequestException)
        {
            await stderr.WriteLineAsync($"error: could not read the Slack token from Secrets Manager: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.DependencyFailed;
        }

        return arguments.Post
            ? await PostAsync(host.Services, batch, cancellationToken).ConfigureAwait(false)
            : await PreviewAsync(host.Services, builder.Configuration, arguments, batch, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The preview: the same pipeline with the event as the only state and Slack calls recorded, not made.</summary>
    private async Task<int> PreviewAsync(
        IServiceProvider services, IConfiguration configuration, CliArguments arguments, FindingBatch batch, string source, CancellationToken cancellationToken)
    {
        var decision = services.GetRequiredService<ExplainModeDecision>();
        var result = await services.GetRequiredService<IngestPipeline>()
            .RunAsync(batch, new IngestRunOptions { IncludeFiltered = arguments.All }, cancellationToken).ConfigureAwait(false);

        await ReportProblemsAsync(batch, result).ConfigureAwait(false);
        if (arguments.Json)
        {
            var calls = services.GetRequiredService<RecordingSlackPoster>().Calls;
            await stdout.WriteLineAsync(JsonSerializer.Serialize(calls, SlackJson.Indented.IReadOnlyListSlackCall)).ConfigureAwait(false);
        }
        else
        {
            await WritePreviewAsync(batch, result, source, Describe(decision, configuration)).ConfigureAwait(false);
        }

        return batch.Rejections.Count > 0 ? ExitCodes.BadInput : ExitCodes.Done;
    }

    /// <summary><c>--post</c>: the Lambda's code path, for real: Security Hub state, Slack, write-back.</summary>
    private async Task<int> PostAsync(IServiceProvider services, FindingBatch batch, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<IngestPipeline>().RunAsync(batch, null, cancellationToken).ConfigureAwait(false);

        await ReportProblemsAsync(batch, result).ConfigureAwait(false);
        foreach (var outcome in result.Outcomes)
        {
            var line = outcome.Failed
                ? $"failed {outcome.Incoming.Finding.Id}: {outcome.Detail}"
                : $"{outcome.Action.ToString().ToLowerInvariant()} {outcome.Incoming.Finding.Id}: {outcome.Detail}";
            await (outcome.Failed ? stderr : stdout).WriteLineAsync(line).ConfigureAwait(false);
        }

        return result.Outcomes.Any(o => o.Failed) ? ExitCodes.DependencyFailed
            : batch.Rejections.Count > 0 ? ExitCodes.BadInput
            : ExitCodes.Done;
    }

    private async Task<(string? Json, string Source)> ReadInputAsync(string input, CancellationToken cancellationToken)
    {
        if (input == "-")
        {
            return (await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false), "stdin");
        }

        try
        {
            return (await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), Path.GetFileName(input));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"cannot read {input}: {ex.Message}");
        }
    }

    private async Task ReportProblemsAsync(FindingBatch batch, IngestResult result)
    {
        foreach (var rejection in batch.Rejections)
        {
            var record = rejection.RecordId is null ? "" : $" (SQS message {rejection.RecordId})";
            await stderr.WriteLineAsync($"rejected {rejection.Where}{record}: {rejection.Reason}").ConfigureAwait(false);
        }

        foreach (var duplicate in batch.Duplicates)
        {
            await stderr.WriteLineAsync($"duplicate {duplicate.Ref.Id}: the same finding appears again in the input; kept the newest copy").ConfigureAwait(false);
        }

        foreach (var skipped in result.Outcomes.Where(o => !o.Filter.ShouldAlert))
        {
            await stderr.WriteLineAsync($"skipped {skipped.Incoming.Finding.Id}: {skipped.Filter.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Slack assigns a ts when a parent is posted; the preview gives each parent a synthetic, ts-shaped
    /// placeholder ("0000000001.000100", ...) so a reply's thread_ts shows which parent it belongs to.
    /// </summary>
    internal static string PlaceholderTs(int index) => RecordingSlackPoster.PlaceholderTs(index);

    /// <summary>
    /// Warnings on stderr (the model falling back, Security Hub retries). Of the pipeline's own lines only
    /// errors (a write-back that failed after posting): the CLI prints every rejection, skip and failure itself.
    /// </summary>
    private void ConfigureLogging(ILoggingBuilder logging) => logging
        .AddProvider(new StderrLoggerProvider(stderr))
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter(typeof(IngestPipeline).FullName, LogLevel.Error);

    private static string Describe(ExplainModeDecision decision, IConfiguration configuration) => decision.Mode == ExplainMode.Bedrock
        ? $"Claude on Amazon Bedrock ({configuration["Bedrock:AlertModel"] ?? new BedrockOptions().AlertModel}; {decision.Reason}), falling back to offline text if it fails"
        : $"offline, from the finding's own fields ({decision.Reason})";

    private async Task WritePreviewAsync(FindingBatch batch, IngestResult result, string source, string explainerName)
    {
        var skipped = result.Outcomes.Count(o => !o.Filter.ShouldAlert);
        await stdout.WriteLineAsync(
            $"SecHubBot preview of {source}: {Count(batch.Findings.Count, "finding")} ({DescribeShape(batch.Shape)}), " +
            $"{Count(result.Posted.Count, "alert")} to post, {skipped} filtered out. Explainer: {explainerName}.").ConfigureAwait(false);

        for (var i = 0; i < result.Posted.Count; i++)
        {
            var draft = result.Posted[i];
            var filteredNote = draft.FilteredOut ? " (filtered out; shown because of --all)" : "";
            var groupNote = draft.Findings.Count > 1 ? $" (grouped: {draft.Findings.Count} findings)" : "";
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync($"━━ Alert {i + 1} of {result.Posted.Count}{groupNote}{filteredNote} ━━").ConfigureAwait(false);
            if (draft.Route is { } route)
            {
                var fanOut = route.AlsoChannels.Count > 0 ? $" (also posted to {string.Join(", ", route.Channels.Where(c => c != draft.Messages.Parent.Channel).Select(c => "#" + c))})" : "";
                await stdout.WriteLineAsync($"Routed to #{draft.Messages.Parent.Channel}{fanOut}: {route.Why}").ConfigureAwait(false);
            }

            SlackPreviewRenderer.Render(draft.Messages.Parent, $"#{draft.Messages.Parent.Channel} · SecHubBot (parent alert)", stdout);
            SlackPreviewRenderer.Render(draft.Messages.FirstReply, "reply in thread · SecHubBot", stdout, indent: "    ");
            await stdout.WriteLineAsync($"Block Kit Builder (parent): {BlockKitBuilderLink.For(draft.Messages.Parent)}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"Block Kit Builder (reply):  {BlockKitBuilderLink.For(draft.Messages.FirstReply)}").ConfigureAwait(false);
        }

        if (result.Posted.Count == 0)
        {
            await stdout.WriteLineAsync("Nothing would be posted: every finding was filtered out (reasons above on stderr). Add --all to preview them anyway.").ConfigureAwait(false);
        }
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string DescribeShape(InputShape shape) => shape switch
    {
        InputShape.EventBridgeImported => "EventBridge Imported event",
        InputShape.EventBridgeCustomAction => "EventBridge Custom Action event",
        InputShape.SqsBatch => "SQS batch",
        InputShape.SingleFinding => "single finding",
        InputShape.FindingArray => "array of findings",
        _ => "{\"Findings\": [...]}",
    };
}

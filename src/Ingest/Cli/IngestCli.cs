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
    Func<string, string?>? getEnvironment = null,
    Action<IServiceCollection>? configureServices = null)
{
    /// <summary>The channel shown when Slack:Channel is not configured (previews need no Slack).</summary>
    public const string PlaceholderChannel = "C0SECHUBBOT";

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
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }

    private async Task<int> RunAsync(CliArguments arguments, CancellationToken cancellationToken)
    {
        var configuration = BuildConfiguration(arguments, getEnvironment);
        var filterOptions = configuration.GetSection(FilterOptions.SectionName).Get<FilterOptions>() ?? new FilterOptions();
        var explainOptions = configuration.GetSection(ExplainOptions.SectionName).Get<ExplainOptions>() ?? new ExplainOptions();
        var filter = FilterPolicy.FromOptions(filterOptions);
        var flavor = explainOptions.Flavor;
        var channel = configuration["Slack:Channel"] is { Length: > 0 } configured ? configured : PlaceholderChannel;

        if (arguments.Post)
        {
            await stderr.WriteLineAsync("error: --post needs the Slack and Security Hub clients of the Ingest pipeline, which this build does not have yet").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var (json, source) = await ReadInputAsync(arguments.Input!, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            await stderr.WriteLineAsync($"error: {source}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var batch = FindingInputReader.Read(json);
        await using var services = BuildServices(configuration, flavor);
        var explainer = services.GetRequiredService<IFindingExplainer>();
        var decision = services.GetRequiredService<ExplainModeDecision>();
        var drafter = new AlertDrafter(filter, explainer, new AlertComposer());
        var result = await drafter.DraftAsync(batch, channel, arguments.All, cancellationToken).ConfigureAwait(false);

        await ReportProblemsAsync(batch, result).ConfigureAwait(false);
        if (arguments.Json)
        {
            await WriteJsonAsync(result).ConfigureAwait(false);
        }
        else
        {
            await WritePreviewAsync(batch, result, source, Describe(decision, configuration)).ConfigureAwait(false);
        }

        return batch.Rejections.Count > 0 ? ExitCodes.BadInput : ExitCodes.Done;
    }

    private static IConfiguration BuildConfiguration(CliArguments arguments, Func<string, string?>? getEnvironment)
    {
        var builder = new ConfigurationBuilder()
            .AddEnvironmentAliases(getEnvironment)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (getEnvironment is null)
        {
            builder.AddEnvironmentVariables();
        }

        return builder.AddCommandLine(arguments.ConfigurationOverrides.Select(o => "--" + o).ToArray()).Build();
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

    private async Task ReportProblemsAsync(FindingBatch batch, DraftResult result)
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

        foreach (var skipped in result.Skipped)
        {
            await stderr.WriteLineAsync($"skipped {skipped.Incoming.Finding.Id}: {skipped.Decision.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The Slack calls, in order: each alert's parent, then its first reply in the parent's thread.
    /// Slack assigns a ts when the parent is posted; here each parent gets a synthetic, ts-shaped
    /// placeholder ("0000000001.000100", ...) so the reply's thread_ts shows which parent it belongs to.
    /// </summary>
    private async Task WriteJsonAsync(DraftResult result)
    {
        var calls = new List<SlackCall>();
        for (var i = 0; i < result.Drafts.Count; i++)
        {
            var messages = result.Drafts[i].Messages.InThread(PlaceholderTs(i + 1));
            calls.Add(new SlackCall("chat.postMessage", messages.Parent));
            calls.Add(new SlackCall("chat.postMessage", messages.FirstReply));
        }

        await stdout.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<SlackCall>>(calls, SlackJson.Indented.IReadOnlyListSlackCall)).ConfigureAwait(false);
    }

    internal static string PlaceholderTs(int index) => $"{index:D10}.000100";

    /// <summary>The explainer (offline, or the model with its per-control cache) as Explain:Mode decides; logs go to stderr.</summary>
    private ServiceProvider BuildServices(IConfiguration configuration, IacFlavor flavor)
    {
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        services.AddLogging(logging => logging.ClearProviders().AddProvider(new StderrLoggerProvider(stderr)));
        services.AddFindingExplainer(configuration, _ => new OfflineExplainer(flavor), getEnvironment);
        return services.BuildServiceProvider();
    }

    private static string Describe(ExplainModeDecision decision, IConfiguration configuration) => decision.Mode == ExplainMode.Bedrock
        ? $"Claude on Amazon Bedrock ({configuration["Bedrock:AlertModel"] ?? new BedrockOptions().AlertModel}; {decision.Reason}), falling back to offline text if it fails"
        : $"offline, from the finding's own fields ({decision.Reason})";

    private async Task WritePreviewAsync(FindingBatch batch, DraftResult result, string source, string explainerName)
    {
        await stdout.WriteLineAsync(
            $"SecHubBot preview of {source}: {Count(batch.Findings.Count, "finding")} ({DescribeShape(batch.Shape)}), " +
            $"{Count(result.Drafts.Count, "alert")} to post, {result.Skipped.Count} filtered out. Explainer: {explainerName}.").ConfigureAwait(false);

        for (var i = 0; i < result.Drafts.Count; i++)
        {
            var draft = result.Drafts[i];
            var filteredNote = result.Skipped.Any(s => ReferenceEquals(s.Incoming, draft.Incoming)) ? " (filtered out; shown because of --all)" : "";
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync($"━━ Alert {i + 1} of {result.Drafts.Count}{filteredNote} ━━").ConfigureAwait(false);
            SlackPreviewRenderer.Render(draft.Messages.Parent, $"#{draft.Messages.Parent.Channel} · SecHubBot (parent alert)", stdout);
            SlackPreviewRenderer.Render(draft.Messages.FirstReply, "reply in thread · SecHubBot", stdout, indent: "    ");
            await stdout.WriteLineAsync($"Block Kit Builder (parent): {BlockKitBuilderLink.For(draft.Messages.Parent)}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"Block Kit Builder (reply):  {BlockKitBuilderLink.For(draft.Messages.FirstReply)}").ConfigureAwait(false);
        }

        if (result.Drafts.Count == 0)
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

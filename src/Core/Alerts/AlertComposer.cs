using System.Globalization;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Lays out one finding's alert (DESIGN.md §3 "Slack messages"): a compact parent with the facts,
/// what happened and why it matters, and the buttons; a first thread reply with the fix. Every
/// string from the finding or the model is escaped, and every Block Kit limit is met by
/// construction, whatever the input's size.
/// </summary>
public sealed class AlertComposer
{
    private const int SummaryBudget = 1500;
    private const int WhyBudget = 1000;
    private const int FieldBudget = 300;
    private const int StepBudget = 2000;
    private const int MaxSteps = 12;

    public SlackMessage ComposeParent(Finding finding, Explanation explanation, string channel)
    {
        var severity = finding.Severity.Label;
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(Mrkdwn.Plain($"{SeverityStyle.Emoji(severity)} {finding.Title}", BlockKitLimits.HeaderText))),
            new SectionBlock { Fields = Fields(finding) },
            new SectionBlock
            {
                Text = new MrkdwnText(
                    "*What happened*\n" + Mrkdwn.EscapeAndTruncate(explanation.Summary, SummaryBudget) +
                    "\n\n*Why it matters*\n" + Mrkdwn.EscapeAndTruncate(explanation.WhyItMatters, WhyBudget)),
            },
            Actions(finding),
            new ContextBlock(
            [
                new MrkdwnText(Mrkdwn.Truncate($"Finding {Mrkdwn.Code(Mrkdwn.PlainTruncate(finding.Id, 200))} from {Mrkdwn.Escape(Mrkdwn.PlainTruncate(Reporter(finding), 100))}", BlockKitLimits.SectionText)),
                new MrkdwnText(Authorship(explanation)),
            ]),
        };

        return new SlackMessage
        {
            Channel = channel,
            Text = FallbackText(finding),
            Blocks = blocks,
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, Metadata(finding)),
        };
    }

    public SlackMessage ComposeFirstReply(Finding finding, Explanation explanation, string channel)
    {
        var blocks = new List<Block>();
        var steps = explanation.FixSteps.Take(MaxSteps)
            .Select((step, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {Mrkdwn.EscapeAndTruncate(step, StepBudget)}");
        AddSections(blocks, "*How to fix*\n" + string.Join('\n', steps.DefaultIfEmpty("Review the resource against the finding's description.")));

        if (explanation.Iac is { Code.Length: > 0 } iac)
        {
            blocks.Add(Section($"*{Mrkdwn.Escape(iac.Title)}*"));
            foreach (var code in MrkdwnChunks.CodeBlocks(iac.Code, BlockKitLimits.SectionText))
            {
                blocks.Add(Section(code));
            }
        }

        if (explanation.VerifySteps.Count > 0)
        {
            AddSections(blocks, "*How to verify*\n" + string.Join('\n', explanation.VerifySteps.Take(MaxSteps).Select(s => "• " + Mrkdwn.EscapeAndTruncate(s, StepBudget))));
        }

        if (explanation.References.Count > 0)
        {
            AddSections(blocks, "*References*\n" + string.Join('\n', explanation.References.Take(10).Select(r => "• " + Mrkdwn.Link(r.Url, Mrkdwn.PlainTruncate(r.Title, 150)))));
        }

        var hint = new ContextBlock([new MrkdwnText("Ask me anything about this finding in this thread, for example _how do I fix this in CDK?_")]);
        if (blocks.Count >= BlockKitLimits.BlocksPerMessage)
        {
            blocks.RemoveRange(BlockKitLimits.BlocksPerMessage - 2, blocks.Count - (BlockKitLimits.BlocksPerMessage - 2));
            blocks.Add(Section("_…the rest is too long for one message; see the remediation guide._"));
        }

        blocks.Add(hint);
        return new SlackMessage
        {
            Channel = channel,
            Text = Mrkdwn.EscapeAndTruncate($"How to fix: {finding.Title}", BlockKitLimits.FallbackText),
            Blocks = blocks,
        };
    }

    public AlertMessages Compose(Finding finding, Explanation explanation, string channel) =>
        new(ComposeParent(finding, explanation, channel), ComposeFirstReply(finding, explanation, channel));

    public static FindingAlertMetadata Metadata(Finding finding) => new()
    {
        FindingId = finding.Id,
        ProductArn = finding.ProductArn,
        ControlId = finding.ControlId,
        AccountId = finding.AwsAccountId,
        Region = finding.Region,
        Severity = finding.Severity.LabelText,
        Status = finding.Workflow.ToString().ToUpperInvariant(),
    };

    private static List<TextObject> Fields(Finding finding)
    {
        var fields = new List<TextObject>
        {
            Field("Severity", finding.Severity.LabelText),
            Field("Account", finding.AwsAccountId ?? "unknown"),
            Field("Region", finding.Region ?? "unknown"),
            Field("Resource", finding.Resources.Count switch
            {
                0 => "none named",
                1 => ResourceNames.Describe(finding.Resources[0]),
                _ => $"{ResourceNames.Describe(finding.Resources[0])} (+{finding.Resources.Count - 1} more)",
            }),
            finding.ControlId is { } control
                ? Field("Control", ControlLabel(control, finding.Standard))
                : Field("Type", finding.Types.FirstOrDefault()?.Split('/')[^1] ?? Reporter(finding)),
        };

        if ((finding.FirstObservedAt ?? finding.CreatedAt) is { } firstSeen)
        {
            // <!date> renders in each reader's time zone; the fallback text is what clients without it show.
            var epoch = firstSeen.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var fallback = firstSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            fields.Add(new MrkdwnText($"*First seen*\n<!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>"));
        }

        return fields;
    }

    /// <summary>CIS ids are bare numbers ("4.1"), so they get their benchmark and version; others ("EC2.18") stand alone.</summary>
    internal static string ControlLabel(string control, string? standard)
    {
        const string Cis = "cis-aws-foundations-benchmark/v/";
        return standard is not null && standard.StartsWith(Cis, StringComparison.Ordinal) && char.IsAsciiDigit(control[0])
            ? $"CIS {standard[Cis.Length..]} {control}"
            : control;
    }

    private static MrkdwnText Field(string name, string value) =>
        new($"*{name}*\n{Mrkdwn.EscapeAndTruncate(value, FieldBudget)}");

    private static ActionsBlock Actions(Finding finding)
    {
        var value = FindingButtonValue.Encode(finding.Ref);
        return new ActionsBlock(
        [
            new ButtonElement(new PlainText("Resolve")) { ActionId = AlertActionIds.Resolve, Value = value, Style = "primary" },
            new ButtonElement(new PlainText("Suppress")) { ActionId = AlertActionIds.Suppress, Value = value },
            new ButtonElement(new PlainText("Open in Security Hub")) { ActionId = AlertActionIds.OpenConsole, Url = ConsoleLinkWithinLimit(finding) },
        ])
        {
            BlockId = AlertActionIds.ActionsBlockId,
        };
    }

    private static string ConsoleLinkWithinLimit(Finding finding)
    {
        var url = ConsoleLinks.Finding(finding);
        return url.Length <= BlockKitLimits.ButtonUrl ? url : ConsoleLinks.Finding(finding with { Id = string.Empty });
    }

    private static string FallbackText(Finding finding)
    {
        var resource = finding.PrimaryResourceId is { } id ? $" on {ResourceNames.ShortId(id)}" : "";
        var account = finding.AwsAccountId is { } a ? $" in {a}" : "";
        return Mrkdwn.EscapeAndTruncate($"{finding.Severity.LabelText}: {finding.Title}{resource}{account}", BlockKitLimits.FallbackText);
    }

    private static string Authorship(Explanation explanation) => explanation.Source switch
    {
        ExplanationSource.Model =>
            $":sparkles: Explanation written by AI{(explanation.Model is { } model ? $" ({Mrkdwn.Escape(Mrkdwn.PlainTruncate(model, 100))})" : "")}; check it before acting.",
        ExplanationSource.OfflineFallback =>
            ":warning: The AI explanation is unavailable right now; this text comes from the finding's own fields.",
        _ => "Explanation generated from the finding's own fields (offline mode, no AI).",
    };

    private static string Reporter(Finding finding) =>
        finding.ProductName ?? finding.CompanyName ?? ResourceNames.ShortId(finding.ProductArn);

    private static SectionBlock Section(string mrkdwn) => new() { Text = new MrkdwnText(mrkdwn) };

    private static void AddSections(List<Block> blocks, string mrkdwn)
    {
        foreach (var chunk in MrkdwnChunks.Split(mrkdwn, BlockKitLimits.SectionText))
        {
            blocks.Add(Section(chunk));
        }
    }
}

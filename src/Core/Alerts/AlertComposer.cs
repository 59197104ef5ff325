using System.Globalization;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Every message of an alert thread (DESIGN.md §3 "Slack messages"), for Ingest, the Bot and /sechub alike:
/// the parent (header, facts, what happened and why it matters, buttons, context), the first reply with the
/// fix, the parent again after a change (the state, who, when and why in place of the buttons that no longer
/// apply), and the audit reply that records the change. It works from an <see cref="AlertSubject"/> and an
/// <see cref="AlertState"/>, never from Slack's copy of a message. Every string from a finding, a model, the
/// metadata or a person is escaped, and every Block Kit limit is met by construction, whatever the input's size.
/// </summary>
public sealed class AlertComposer
{
    /// <summary>The state line's block id in an updated parent.</summary>
    public const string StatusBlockId = "sechub_status";

    /// <summary>What the feedback buttons name as the model when no model wrote the explanation.</summary>
    public const string OfflineModel = "offline";

    private const int SummaryBudget = 1500;
    private const int WhyBudget = 1000;
    private const int FieldBudget = 300;
    private const int StepBudget = 2000;
    private const int MaxSteps = 12;
    private const int ReasonBudget = 1000;
    private const int NameBudget = 100;
    private const int ListedLineBudget = 200;

    /// <summary>
    /// A new alert thread: the parent and its first reply (whose thread_ts is set once the parent is posted).
    /// A <paramref name="state"/> is shown on the parent, as for a finding that is already closed.
    /// </summary>
    public AlertMessages Compose(AlertSubject subject, Explanation explanation, string channel, AlertState? state = null) =>
        new(ComposeParent(subject, explanation, channel, state), ComposeFirstReply(subject, explanation, channel))
        {
            Kind = subject.Kind,
            Model = ModelOf(explanation),
        };

    /// <summary>The first reply in the thread at <paramref name="thread"/>, with the feedback buttons and suggested questions.</summary>
    public SlackMessage ComposeFirstReply(AlertSubject subject, Explanation explanation, ThreadRef thread) =>
        Compose(subject, explanation, thread.Channel).InThread(thread.Ts).FirstReply;

    public AlertMessages Compose(Finding finding, Explanation explanation, string channel) =>
        Compose(AlertSubject.Single(finding), explanation, channel);

    /// <summary>
    /// The parent alert. With a <paramref name="state"/> other than a fresh open one it shows that state (who,
    /// when, why) and the buttons the state allows, as /sechub does for a finding that is already closed.
    /// Without an <paramref name="explanation"/> the "what happened" section is left out.
    /// </summary>
    public SlackMessage ComposeParent(AlertSubject subject, Explanation? explanation, string channel, AlertState? state = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var changed = state is not null && (state.Status != AlertStatus.Open || state.ByPerson || state.At is not null);
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(Mrkdwn.Plain($"{SeverityStyle.Emoji(subject.Severity)} {subject.Headline}", BlockKitLimits.HeaderText))),
            new SectionBlock { Fields = Fields(subject) },
        };

        // The one mention we write: the routing rule's user group (a checked S… id from configuration), on CRITICAL alerts only.
        var mention = subject.MentionGroup is { } group && SlackIds.IsUserGroup(group) ? $"<!subteam^{group}>" : null;
        if (mention is not null)
        {
            blocks.Insert(1, Section($"{mention} a CRITICAL finding for your team"));
        }

        if (explanation is not null)
        {
            blocks.Add(new SectionBlock
            {
                Text = new MrkdwnText(
                    "*What happened*\n" + Mrkdwn.EscapeAndTruncate(explanation.Summary, SummaryBudget) +
                    "\n\n*Why it matters*\n" + Mrkdwn.EscapeAndTruncate(explanation.WhyItMatters, WhyBudget)),
            });
        }

        if (subject.Resources.Count > 0)
        {
            blocks.Add(Section(Mrkdwn.Truncate(ResourceList(subject), BlockKitLimits.SectionText)));
        }

        if (changed)
        {
            blocks.Add(new SectionBlock { BlockId = StatusBlockId, Text = new MrkdwnText(StateLine(subject, state!)) });
        }

        blocks.Add(Actions(subject, changed ? state : null));
        var context = new List<TextObject> { new MrkdwnText(Mrkdwn.Truncate(subject.Context, BlockKitLimits.SectionText)) };
        if (explanation is not null)
        {
            context.Add(new MrkdwnText(Authorship(explanation)));
        }

        blocks.Add(new ContextBlock(context));
        var fallback = changed ? $"[{StateTitle(state!)}] {Mrkdwn.Escape(subject.FallbackText)}" : Mrkdwn.Escape(subject.FallbackText);
        fallback = mention is null ? fallback : $"{mention} {fallback}";
        return new SlackMessage
        {
            Channel = channel,
            Text = Mrkdwn.Truncate(fallback, BlockKitLimits.FallbackText),
            Blocks = blocks,
            Metadata = new MessageMetadata(
                FindingAlertMetadata.EventType,
                subject.Metadata with { Status = (state?.Status ?? AlertStatus.Open).ToWire() }),
        };
    }

    public SlackMessage ComposeParent(Finding finding, Explanation explanation, string channel) =>
        ComposeParent(AlertSubject.Single(finding), explanation, channel);

    /// <summary>chat.update of the parent at <paramref name="parent"/>: the alert re-drawn with <paramref name="state"/>.</summary>
    public SlackMessage ComposeUpdate(AlertSubject subject, AlertState state, Explanation? explanation, ThreadRef parent)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ComposeParent(subject, explanation, parent.Channel, state) with { Ts = parent.Ts, UnfurlLinks = null, UnfurlMedia = null };
    }

    /// <summary>The first thread reply: how to fix, IaC, how to verify, references, and the hint that questions are answered here.</summary>
    public SlackMessage ComposeFirstReply(AlertSubject subject, Explanation explanation, string channel)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(explanation);
        var blocks = new List<Block>();
        if (subject.IsGroup && subject.Example is { } example)
        {
            // The steps carry the first finding's specifics (its port, its CIDR); say so, since the fix applies to every member.
            blocks.Add(new ContextBlock(
            [
                new MrkdwnText(Mrkdwn.Truncate(
                    $"The steps use {Mrkdwn.EscapeAndTruncate(example, FieldBudget)} as the example; the same fix applies to each of the {AlertSubject.Count(subject.ResourceTotal)} resources of this alert.",
                    BlockKitLimits.SectionText)),
            ]));
        }

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
            AddSections(blocks, "*References*\n" + string.Join('\n', explanation.References.Take(10).Select(r => "• " + LinkPolicy.Reference(r.Url, Mrkdwn.PlainTruncate(r.Title, 150)))));
        }

        // Room for the "too long" note and the hint within Slack's 50 blocks.
        if (blocks.Count >= BlockKitLimits.BlocksPerMessage)
        {
            blocks.RemoveRange(BlockKitLimits.BlocksPerMessage - 2, blocks.Count - (BlockKitLimits.BlocksPerMessage - 2));
            blocks.Add(Section("_…the rest is too long for one message; see the remediation guide._"));
        }

        blocks.Add(new ContextBlock([new MrkdwnText("Ask me anything about this finding in this thread, for example _how do I fix this in CDK?_")]));
        return new SlackMessage
        {
            Channel = channel,
            Text = Mrkdwn.EscapeAndTruncate($"How to fix: {subject.FixTitle}", BlockKitLimits.FallbackText),
            Blocks = blocks,
        };
    }

    public SlackMessage ComposeFirstReply(Finding finding, Explanation explanation, string channel) =>
        ComposeFirstReply(AlertSubject.Single(finding), explanation, channel);

    /// <summary>
    /// The thread reply that records a change: who set what and why (a person, from Slack), or what Security
    /// Hub now says (a change made elsewhere), listing the <paramref name="changed"/> findings when given.
    /// </summary>
    public SlackMessage ComposeAudit(AlertState state, ThreadRef thread, IReadOnlyList<Finding>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        changed ??= [];
        var count = state.Reach?.Changed ?? Math.Max(changed.Count, 1);
        var single = state.Reach is null && count == 1;
        var what = single ? "this finding" : $"{AlertSubject.Count(count)} {(count == 1 ? "finding" : "findings")} of this alert";
        var emoji = AlertStatusStyle.Emoji(state.Status);
        var label = AlertStatusStyle.Label(state.Status);
        string headline;
        if (state.ByPerson)
        {
            var reach = state.Reach is { } r ? $" ({AlertSubject.Count(r.InState)} of {AlertSubject.Count(r.Total)} are now {label})" : "";
            headline = $"{emoji} {Actor(state)} {PersonVerb(state.Status)} {what}{reach} in Security Hub.";
        }
        else
        {
            headline = $"{emoji} {char.ToUpperInvariant(what[0])}{what[1..]} {ReportedVerb(state.Status, single)} in Security Hub.";
        }

        var text = headline;
        if (state.Reason is { } reason)
        {
            text += $"\n*Reason:* {Mrkdwn.EscapeAndTruncate(reason, ReasonBudget)}";
        }

        if (changed.Count > 0)
        {
            var lines = changed.Take(AlertSubject.ListedResources)
                .Select(f => "• " + Mrkdwn.EscapeAndTruncate(Describe(f), FieldBudget) + " — " + AlertSubject.SecurityHubStateOf(f));
            text += "\n" + string.Join('\n', lines) + More(changed.Count);
        }

        var blocks = new List<Block> { Section(Mrkdwn.Truncate(text, BlockKitLimits.SectionText)) };
        if (!state.ByPerson)
        {
            var seen = state.At is { } at ? $"Seen by SecHubBot {SlackDate(at)}. " : "";
            var hint = state.Status == AlertStatus.Open ? "The fix earlier in this thread still applies." : "No action needed unless this was unexpected.";
            blocks.Add(new ContextBlock([new MrkdwnText(seen + hint)]));
        }

        return new SlackMessage
        {
            Channel = thread.Channel,
            ThreadTs = thread.Ts,
            Text = Mrkdwn.Truncate(headline, BlockKitLimits.FallbackText),
            Blocks = blocks,
        };
    }

    /// <summary>
    /// The one reply a batch posts when <paramref name="newcomers"/> join an open storm's thread: who joined, and
    /// the group's size now (<paramref name="total"/>).
    /// </summary>
    public SlackMessage ComposeJoin(IReadOnlyList<Finding> newcomers, int total, ThreadRef thread)
    {
        ArgumentNullException.ThrowIfNull(newcomers);
        ArgumentOutOfRangeException.ThrowIfZero(newcomers.Count);
        var first = newcomers[0];
        var control = Mrkdwn.Code(Mrkdwn.PlainTruncate(first.ControlId ?? first.ProblemKey, 100));
        var headline = $":heavy_plus_sign: {AlertSubject.Count(newcomers.Count)} more {(newcomers.Count == 1 ? "finding" : "findings")} of {control} joined this alert (now {AlertSubject.Count(total)}).";
        var lines = newcomers.Take(AlertSubject.ListedResources).Select(f => "• " + Mrkdwn.EscapeAndTruncate(Describe(f), ListedLineBudget));
        return new SlackMessage
        {
            Channel = thread.Channel,
            ThreadTs = thread.Ts,
            Text = Mrkdwn.Truncate(headline, BlockKitLimits.FallbackText),
            Blocks = [Section(Mrkdwn.Truncate(headline + "\n" + string.Join('\n', lines) + More(newcomers.Count), BlockKitLimits.SectionText))],
        };
    }

    /// <summary>The metadata of a single finding's alert; kept for callers that have not moved to <see cref="AlertSubject.MetadataOf"/>.</summary>
    public static FindingAlertMetadata Metadata(Finding finding) => AlertSubject.MetadataOf(finding);

    /// <summary>The model id the feedback buttons carry: the model's, if it looks like one, else <see cref="OfflineModel"/>.</summary>
    private static string ModelOf(Explanation explanation) =>
        explanation is { Source: ExplanationSource.Model, Model: { Length: > 0 and <= 200 } model } && model.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '-')
            ? model
            : OfflineModel;

    /// <summary>A Slack date token: each reader sees it in their own time zone; the fallback is for clients without it.</summary>
    internal static string SlackDate(DateTimeOffset at)
    {
        var epoch = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fallback = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"<!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>";
    }

    private static List<TextObject> Fields(AlertSubject subject)
    {
        var fields = subject.Fields
            .Select(f => (TextObject)new MrkdwnText($"*{f.Name}*\n{Mrkdwn.EscapeAndTruncate(f.Value, FieldBudget)}"))
            .ToList();
        if (subject.FirstSeen is { } firstSeen)
        {
            fields.Add(new MrkdwnText($"*First seen*\n{SlackDate(firstSeen)}"));
        }

        return [.. fields.Take(BlockKitLimits.SectionFields)];
    }

    private static string ResourceList(AlertSubject subject) =>
        "*Resources*\n" + string.Join('\n', subject.Resources.Select(r => "• " + Mrkdwn.EscapeAndTruncate(r, ListedLineBudget))) + More(subject.ResourceTotal);

    private static string More(int total) =>
        total > AlertSubject.ListedResources ? $"\n…and {AlertSubject.Count(total - AlertSubject.ListedResources)} more" : "";

    /// <summary>"Resolved all 37 findings by *Ana* (date)" or "Resolved in Security Hub — workflow RESOLVED, seen (date)", then the reason.</summary>
    private static string StateLine(AlertSubject subject, AlertState state)
    {
        var scope = state.Reach is { } g
            ? g.Complete ? $" all {AlertSubject.Count(g.Total)} findings" : $" {AlertSubject.Count(g.InState)} of {AlertSubject.Count(g.Total)} findings"
            : "";
        var line = $"{AlertStatusStyle.Emoji(state.Status)} *{StateTitle(state)}*{scope}";
        if (state.ByPerson)
        {
            line += $" by {Actor(state)}" + (state.At is { } at ? " " + SlackDate(at) : "");
        }
        else
        {
            line += " in Security Hub" + (subject.SecurityHubState is { } words && !subject.IsGroup ? $" — {words}" : "") + (state.At is { } seen ? $", seen {SlackDate(seen)}" : "");
        }

        if (state.Reason is { } reason)
        {
            line += $"\n*Reason:* {Mrkdwn.EscapeAndTruncate(reason, ReasonBudget)}";
        }

        return Mrkdwn.Truncate(line, BlockKitLimits.SectionText);
    }

    /// <summary>An open state shown after a change is a Reopen (by a person) or a failure after a pass (reported).</summary>
    private static string StateTitle(AlertState state) => state.Status switch
    {
        AlertStatus.Open => state.ByPerson ? "Reopened" : "Open again",
        _ => AlertStatusStyle.Label(state.Status),
    };

    private static string PersonVerb(AlertStatus status) => status switch
    {
        AlertStatus.Open => "reopened",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Suppressed => "suppressed",
        _ => $"set to {AlertStatusStyle.Label(status)}",
    };

    private static string ReportedVerb(AlertStatus status, bool single) => status switch
    {
        AlertStatus.Open => single ? "failed again (or was reopened)" : "failed again (or were reopened)",
        AlertStatus.Passed => single ? "now passes the control check" : "now pass the control check",
        AlertStatus.Resolved => single ? "was resolved" : "were resolved",
        AlertStatus.Suppressed => single ? "was suppressed" : "were suppressed",
        _ => single ? "was archived by its product" : "were archived by their product",
    };

    /// <summary>The person by display name, escaped: a mention would ping them about their own click.</summary>
    private static string Actor(AlertState state) => "*" + Mrkdwn.EscapeAndTruncate(state.By, NameBudget) + "*";

    /// <summary>
    /// The buttons a state allows. Open: Resolve and Suppress. Closed: Reopen, and for a group whose change
    /// reached only some members also Resolve all and Suppress all (a retry skips those already done).
    /// </summary>
    private static ActionsBlock Actions(AlertSubject subject, AlertState? state)
    {
        var closed = state is not null && state.Status.IsClosed();
        var elements = new List<BlockElement>();
        if (subject.GroupSize is { } size)
        {
            var n = AlertSubject.Count(size);
            var value = GroupButtonValue.Encode(size);
            if (closed)
            {
                elements.Add(new ButtonElement(new PlainText("Reopen")) { ActionId = AlertActionIds.ReopenGroup, Value = value });
            }

            if (!closed || state!.Reach is { Complete: false })
            {
                elements.Add(new ButtonElement(new PlainText($"Resolve all {n}"))
                {
                    ActionId = AlertActionIds.ResolveGroup,
                    Value = value,
                    Style = closed ? null : "primary",
                    Confirm = Confirm($"Resolve {n} findings?", $"This marks all {n} findings of this alert RESOLVED in Security Hub.", "Resolve all"),
                });
                elements.Add(new ButtonElement(new PlainText($"Suppress all {n}"))
                {
                    ActionId = AlertActionIds.SuppressGroup,
                    Value = value,
                    Confirm = Confirm($"Suppress {n} findings?", $"This marks all {n} findings of this alert SUPPRESSED in Security Hub; Security Hub stops updating them.", "Suppress all"),
                });
            }
        }
        else
        {
            var value = subject.Finding is { } finding ? FindingButtonValue.Encode(finding) : null;
            if (closed)
            {
                elements.Add(new ButtonElement(new PlainText("Reopen")) { ActionId = AlertActionIds.Reopen, Value = value });
            }
            else
            {
                elements.Add(new ButtonElement(new PlainText("Resolve")) { ActionId = AlertActionIds.Resolve, Value = value, Style = "primary" });
                elements.Add(new ButtonElement(new PlainText("Suppress")) { ActionId = AlertActionIds.Suppress, Value = value });
            }
        }

        if (subject.ConsoleUrl is { } url)
        {
            elements.Add(new ButtonElement(new PlainText("Open in Security Hub")) { ActionId = AlertActionIds.OpenConsole, Url = url });
        }

        return new ActionsBlock(elements) { BlockId = AlertActionIds.ActionsBlockId };
    }

    private static ConfirmDialog Confirm(string title, string text, string confirm) =>
        new(new PlainText(title), new PlainText(text), new PlainText(confirm), new PlainText("Cancel"));

    private static string Authorship(Explanation explanation) => explanation.Source switch
    {
        ExplanationSource.Model =>
            $":sparkles: Explanation written by AI{(explanation.Model is { } model ? $" ({Mrkdwn.Escape(Mrkdwn.PlainTruncate(model, 100))})" : "")}; check it before acting.",
        ExplanationSource.OfflineFallback =>
            ":warning: The AI explanation is unavailable right now; this text comes from the finding's own fields.",
        _ => "Explanation generated from the finding's own fields (offline mode, no AI).",
    };

    private static string Describe(Finding finding) =>
        finding.Resources.Count > 0 ? Explain.Offline.ResourceNames.Describe(finding.Resources[0]) : finding.Title;

    private static SectionBlock Section(string mrkdwn) => new() { Text = new MrkdwnText(mrkdwn) };

    private static void AddSections(List<Block> blocks, string mrkdwn)
    {
        foreach (var chunk in MrkdwnChunks.Split(mrkdwn, BlockKitLimits.SectionText))
        {
            blocks.Add(Section(chunk));
        }
    }
}

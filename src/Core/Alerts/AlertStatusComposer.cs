using System.Globalization;
using System.Text.Json;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// A workflow change a person made from Slack: what, who, when and why. <paramref name="Group"/> is set for a
/// grouped alert, so the parent and the audit reply say how many members the change reached, never "all" when not all.
/// </summary>
public sealed record AlertStatusChange(WorkflowStatus Status, string UserId, string UserName, DateTimeOffset At, string Reason, GroupChangeCounts? Group = null);

/// <summary>
/// The parent alert after Resolve / Suppress / Reopen (DESIGN.md §3 "Slack messages"): the alert's own
/// blocks kept as posted, its buttons replaced by the new state (who, when, why) and the buttons that
/// state allows (Reopen after Resolve/Suppress; Resolve and Suppress after Reopen). The parent is read
/// back from Slack (conversations.replies), so the explanation is kept without asking the model again.
/// </summary>
public static class AlertStatusComposer
{
    /// <summary>The status line's block id; a later change replaces it.</summary>
    public const string StatusBlockId = "sechub_status";

    private const int ReasonBudget = 1000;

    /// <summary>
    /// chat.update body for the parent <paramref name="ts"/>. <paramref name="currentBlocks"/> are the parent's
    /// blocks as Slack returns them; <paramref name="metadata"/> is its alert metadata (Status is set to the new state).
    /// </summary>
    public static SlackMessage Compose(
        string channel, string ts, string fallbackText, JsonElement? currentBlocks, FindingAlertMetadata metadata, FindingRef? finding, AlertStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(change);
        var kept = new List<Block>();
        string? consoleUrl = null;
        var insertAt = -1;
        if (currentBlocks is { ValueKind: JsonValueKind.Array } blocks)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                var type = StringOf(block, "type");
                var blockId = StringOf(block, "block_id");
                if (type == "actions" || blockId == StatusBlockId)
                {
                    consoleUrl ??= ConsoleUrlOf(block);
                    if (insertAt < 0)
                    {
                        insertAt = kept.Count;
                    }

                    continue;
                }

                if (ReadBlock(block) is { } typed)
                {
                    kept.Add(typed);
                }
            }
        }

        if (insertAt < 0)
        {
            insertAt = kept.Count;
        }

        var added = new List<Block>
        {
            StatusSection(change),
            finding is null && metadata.GroupSize is > 0 ? GroupActions(change, metadata.GroupSize.Value, consoleUrl) : Actions(change.Status, finding, consoleUrl),
        };

        // Keep room for the two new blocks within Slack's 50-block limit.
        while (kept.Count + added.Count > BlockKitLimits.BlocksPerMessage)
        {
            kept.RemoveAt(kept.Count - 1);
            insertAt = Math.Min(insertAt, kept.Count);
        }

        kept.InsertRange(insertAt, added);
        return new SlackMessage
        {
            Channel = channel,
            Ts = ts,
            Text = Mrkdwn.Truncate($"[{Label(change.Status)}] {fallbackText}", BlockKitLimits.FallbackText),
            Blocks = kept,
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, metadata with { Status = change.Status.ToString().ToUpperInvariant() }),
        };
    }

    /// <summary>The thread reply that records the change (the audit trail people read).</summary>
    public static SlackMessage ComposeThreadReply(string channel, string threadTs, AlertStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var what = change.Group is { } g
            ? $"{Count(g.Changed)} {(g.Changed == 1 ? "finding" : "findings")} of this alert ({Count(g.InState)} of {Count(g.Total)} are now {Label(change.Status)})"
            : "this finding";
        var text = $"{Emoji(change.Status)} {Actor(change)} set {what} to *{Label(change.Status)}* in Security Hub. Reason: {Mrkdwn.EscapeAndTruncate(change.Reason, ReasonBudget)}";
        return new SlackMessage
        {
            Channel = channel,
            ThreadTs = threadTs,
            Text = Mrkdwn.Truncate(text, BlockKitLimits.SectionText),
        };
    }

    /// <summary>Human label of a workflow state.</summary>
    public static string Label(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Resolved => "Resolved",
        WorkflowStatus.Suppressed => "Suppressed",
        WorkflowStatus.Notified => "Notified",
        _ => "Reopened",
    };

    private static SectionBlock StatusSection(AlertStatusChange change)
    {
        var epoch = change.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fallback = change.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var scope = change.Group is { } g
            ? g.Complete ? $" all {Count(g.Total)} findings" : $" {Count(g.InState)} of {Count(g.Total)} findings"
            : "";
        var text = $"{Emoji(change.Status)} *{Label(change.Status)}*{scope} by {Actor(change)} <!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>\n" +
                   $"*Reason:* {Mrkdwn.EscapeAndTruncate(change.Reason, ReasonBudget)}";
        return new SectionBlock { BlockId = StatusBlockId, Text = new MrkdwnText(Mrkdwn.Truncate(text, BlockKitLimits.SectionText)) };
    }

    private static ActionsBlock Actions(WorkflowStatus status, FindingRef? finding, string? consoleUrl)
    {
        var value = finding is { } f ? FindingButtonValue.Encode(f) : null;
        var elements = new List<BlockElement>();
        if (status is WorkflowStatus.Resolved or WorkflowStatus.Suppressed)
        {
            elements.Add(new ButtonElement(new PlainText("Reopen")) { ActionId = AlertActionIds.Reopen, Value = value });
        }
        else
        {
            elements.Add(new ButtonElement(new PlainText("Resolve")) { ActionId = AlertActionIds.Resolve, Value = value, Style = "primary" });
            elements.Add(new ButtonElement(new PlainText("Suppress")) { ActionId = AlertActionIds.Suppress, Value = value });
        }

        if (consoleUrl is not null && Mrkdwn.IsLinkableUrl(consoleUrl) && consoleUrl.Length <= BlockKitLimits.ButtonUrl)
        {
            elements.Add(new ButtonElement(new PlainText("Open in Security Hub")) { ActionId = AlertActionIds.OpenConsole, Url = consoleUrl });
        }

        return new ActionsBlock(elements) { BlockId = AlertActionIds.ActionsBlockId };
    }

    /// <summary>
    /// A grouped parent's buttons: Reopen (group form) after Resolve/Suppress; Resolve all and Suppress all after a
    /// Reopen, or when a change reached only some members (retrying skips those already done).
    /// </summary>
    private static ActionsBlock GroupActions(AlertStatusChange change, int groupSize, string? consoleUrl)
    {
        var value = GroupButtonValue.Encode(groupSize);
        var n = Count(groupSize);
        var elements = new List<BlockElement>();
        var closed = change.Status is WorkflowStatus.Resolved or WorkflowStatus.Suppressed;
        if (closed)
        {
            elements.Add(new ButtonElement(new PlainText("Reopen")) { ActionId = AlertActionIds.ReopenGroup, Value = value });
        }

        if (!closed || change.Group is { Complete: false })
        {
            elements.Add(new ButtonElement(new PlainText($"Resolve all {n}")) { ActionId = AlertActionIds.ResolveGroup, Value = value, Style = closed ? null : "primary" });
            elements.Add(new ButtonElement(new PlainText($"Suppress all {n}")) { ActionId = AlertActionIds.SuppressGroup, Value = value });
        }

        if (consoleUrl is not null && Mrkdwn.IsLinkableUrl(consoleUrl) && consoleUrl.Length <= BlockKitLimits.ButtonUrl)
        {
            elements.Add(new ButtonElement(new PlainText("Open in Security Hub")) { ActionId = AlertActionIds.OpenConsole, Url = consoleUrl });
        }

        return new ActionsBlock(elements) { BlockId = AlertActionIds.ActionsBlockId };
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The person by display name, escaped: a mention would ping them about their own click.</summary>
    private static string Actor(AlertStatusChange change) => "*" + Mrkdwn.EscapeAndTruncate(change.UserName, 100) + "*";

    private static string Emoji(WorkflowStatus status) => AlertStatusStyle.Emoji(status switch
    {
        WorkflowStatus.Resolved => AlertStatus.Resolved,
        WorkflowStatus.Suppressed => AlertStatus.Suppressed,
        _ => AlertStatus.Open,
    });

    private static string? ConsoleUrlOf(JsonElement block)
    {
        if (!block.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return elements.EnumerateArray()
            .Where(e => StringOf(e, "action_id") == AlertActionIds.OpenConsole)
            .Select(e => StringOf(e, "url"))
            .FirstOrDefault(u => u is not null);
    }

    /// <summary>The block types an alert parent holds, read back into ours; anything else is left out.</summary>
    private static Block? ReadBlock(JsonElement block)
    {
        var blockId = StringOf(block, "block_id");
        switch (StringOf(block, "type"))
        {
            case "header":
                return ReadText(block, "text") is { } header
                    ? new HeaderBlock(new PlainText(Mrkdwn.PlainTruncate(header.Text, BlockKitLimits.HeaderText))) { BlockId = blockId }
                    : null;
            case "section":
                var text = ReadText(block, "text");
                var fields = block.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Array
                    ? f.EnumerateArray().Select(ReadTextObject).OfType<TextObject>().Take(BlockKitLimits.SectionFields).ToList()
                    : null;
                return text is null && fields is not { Count: > 0 } ? null : new SectionBlock { BlockId = blockId, Text = text, Fields = fields is { Count: > 0 } ? fields : null };
            case "context":
                var elements = block.TryGetProperty("elements", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Select(ReadTextObject).OfType<TextObject>().Take(BlockKitLimits.ContextElements).ToList()
                    : [];
                return elements.Count > 0 ? new ContextBlock(elements) { BlockId = blockId } : null;
            case "divider":
                return new DividerBlock { BlockId = blockId };
            default:
                return null;
        }
    }

    private static TextObject? ReadText(JsonElement block, string property) =>
        block.TryGetProperty(property, out var value) ? ReadTextObject(value) : null;

    private static TextObject? ReadTextObject(JsonElement value)
    {
        var text = StringOf(value, "text");
        if (text is null)
        {
            return null;
        }

        return StringOf(value, "type") == "plain_text"
            ? new PlainText(text)
            : new MrkdwnText(text) { Verbatim = value.TryGetProperty("verbatim", out var v) && v.ValueKind == JsonValueKind.False ? false : true };
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// A storm's one alert: "EC2.18 failed on 37 security groups in 111122223333 / ap-northeast-1", the
/// first resources and "and 27 more", one explanation, and buttons that act on every member after a
/// confirm dialog. The metadata carries the control, account, region and group size, not every id
/// (metadata is size-limited); each member finding carries the thread's ref in Security Hub.
/// </summary>
public sealed class GroupAlertComposer(AlertComposer single)
{
    /// <summary>How many resources the parent names before "and N more".</summary>
    public const int ListedResources = 10;

    private const int SummaryBudget = 1500;
    private const int WhyBudget = 1000;

    public AlertMessages Compose(IReadOnlyList<Finding> members, Explanation explanation, string channel)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        var first = members[0];
        var reply = single.ComposeFirstReply(first, explanation, channel);
        if (reply.Blocks is { } blocks && blocks.Count < BlockKitLimits.BlocksPerMessage)
        {
            // The steps carry the first finding's specifics (its port, its CIDR); say so, since the fix applies to every member.
            var example = first.Resources.Count > 0 ? ResourceNames.Describe(first.Resources[0]) : first.Title;
            var note = new ContextBlock(
            [
                new MrkdwnText(Mrkdwn.Truncate(
                    $"The steps use {Mrkdwn.EscapeAndTruncate(example, 300)} as the example; the same fix applies to each of the {members.Count.ToString(CultureInfo.InvariantCulture)} resources of this alert.",
                    BlockKitLimits.SectionText)),
            ]);
            reply = reply with { Blocks = [note, .. blocks] };
        }

        return new AlertMessages(ComposeParent(members, explanation, channel), reply);
    }

    public static SlackMessage ComposeParent(IReadOnlyList<Finding> members, Explanation explanation, string channel)
    {
        var first = members[0];
        var severity = members.Max(m => m.Severity.Label);
        var headline = Headline(members);
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(Mrkdwn.Plain($"{SeverityStyle.Emoji(severity)} {headline}", BlockKitLimits.HeaderText))),
            new SectionBlock
            {
                Fields =
                [
                    Field("Severity", FindingSeverity.ToAsff(severity)),
                    Field("Account", first.AwsAccountId ?? "unknown"),
                    Field("Region", first.Region ?? "unknown"),
                    Field("Control", AlertComposer.ControlLabel(first.ControlId ?? first.ProblemKey, first.Standard)),
                    Field("Findings", members.Count.ToString(CultureInfo.InvariantCulture)),
                ],
            },
            new SectionBlock
            {
                Text = new MrkdwnText(
                    "*What happened*\n" + Mrkdwn.EscapeAndTruncate(explanation.Summary, SummaryBudget) +
                    "\n\n*Why it matters*\n" + Mrkdwn.EscapeAndTruncate(explanation.WhyItMatters, WhyBudget)),
            },
            new SectionBlock { Text = new MrkdwnText(Mrkdwn.Truncate(ResourceList(members), BlockKitLimits.SectionText)) },
            Actions(members.Count),
            new ContextBlock(
            [
                new MrkdwnText(Mrkdwn.Truncate(
                    $"{members.Count.ToString(CultureInfo.InvariantCulture)} findings of {Mrkdwn.Code(Mrkdwn.PlainTruncate(first.ControlId ?? first.ProblemKey, 100))} grouped into one alert; the fix in this thread applies to each.",
                    BlockKitLimits.SectionText)),
                new MrkdwnText(explanation.Source == ExplanationSource.Model
                    ? ":sparkles: Explanation written by AI; check it before acting."
                    : explanation.Source == ExplanationSource.OfflineFallback
                        ? ":warning: The AI explanation is unavailable right now; this text comes from the finding's own fields."
                        : "Explanation generated from the finding's own fields (offline mode, no AI)."),
            ]),
        };

        return new SlackMessage
        {
            Channel = channel,
            Text = Mrkdwn.EscapeAndTruncate($"{FindingSeverity.ToAsff(severity)}: {headline}", BlockKitLimits.FallbackText),
            Blocks = blocks,
            Metadata = new MessageMetadata(FindingAlertMetadata.EventType, Metadata(members)),
        };
    }

    public static FindingAlertMetadata Metadata(IReadOnlyList<Finding> members) => new()
    {
        ControlId = members[0].ControlId ?? members[0].ProblemKey,
        AccountId = members[0].AwsAccountId,
        Region = members[0].Region,
        Severity = FindingSeverity.ToAsff(members.Max(m => m.Severity.Label)),
        GroupSize = members.Count,
        Status = "NOTIFIED",
    };

    /// <summary>"EC2.18 failed on 37 EC2 security groups in 111122223333 / ap-northeast-1".</summary>
    public static string Headline(IReadOnlyList<Finding> members)
    {
        var first = members[0];
        var types = members.Select(m => m.Resources.Count > 0 ? m.Resources[0].Type : null).Distinct().ToList();
        var what = types is [{ } type] ? Plural(ResourceNames.TypeName(type)) : "resources";
        return $"{first.ControlId ?? first.ProblemKey} failed on {members.Count.ToString(CultureInfo.InvariantCulture)} {what} in {first.AwsAccountId ?? "unknown account"} / {first.Region ?? "unknown region"}";
    }

    private static string Plural(string noun) => noun.EndsWith('s') ? noun : noun + "s";

    private static string ResourceList(IReadOnlyList<Finding> members)
    {
        var lines = members.Take(ListedResources)
            .Select(m => "• " + Mrkdwn.EscapeAndTruncate(m.Resources.Count > 0 ? ResourceNames.Describe(m.Resources[0]) : m.Title, 200));
        var more = members.Count > ListedResources ? $"\n…and {(members.Count - ListedResources).ToString(CultureInfo.InvariantCulture)} more" : "";
        return "*Resources*\n" + string.Join('\n', lines) + more;
    }

    private static MrkdwnText Field(string name, string value) => new($"*{name}*\n{Mrkdwn.EscapeAndTruncate(value, 300)}");

    private static ActionsBlock Actions(int count)
    {
        var n = count.ToString(CultureInfo.InvariantCulture);
        var value = GroupButtonValue.Encode(count);
        return new ActionsBlock(
        [
            new ButtonElement(new PlainText($"Resolve all {n}"))
            {
                ActionId = AlertActionIds.ResolveGroup,
                Value = value,
                Style = "primary",
                Confirm = Confirm($"Resolve {n} findings?", $"This marks all {n} findings of this alert RESOLVED in Security Hub.", "Resolve all"),
            },
            new ButtonElement(new PlainText($"Suppress all {n}"))
            {
                ActionId = AlertActionIds.SuppressGroup,
                Value = value,
                Confirm = Confirm($"Suppress {n} findings?", $"This marks all {n} findings of this alert SUPPRESSED in Security Hub; Security Hub stops updating them.", "Suppress all"),
            },
        ])
        {
            BlockId = AlertActionIds.ActionsBlockId,
        };
    }

    private static ConfirmDialog Confirm(string title, string text, string confirm) =>
        new(new PlainText(title), new PlainText(text), new PlainText(confirm), new PlainText("Cancel"));
}

/// <summary>
/// What a grouped alert's buttons carry: the group size only. The members are the findings whose
/// UserDefinedFields["sechubbot:thread"] is the clicked message's "&lt;channel&gt;/&lt;ts&gt;" (GetFindings by that field).
/// </summary>
public static class GroupButtonValue
{
    public static string Encode(int size) =>
        JsonSerializer.Serialize(new Payload(size), GroupButtonJsonContext.Default.Payload);

    public static bool TryDecode(string? value, out int size)
    {
        size = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(value, GroupButtonJsonContext.Default.Payload);
            size = payload?.GroupSize ?? 0;
            return size > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal sealed record Payload([property: JsonPropertyName("group_size")] int GroupSize);
}

[JsonSerializable(typeof(GroupButtonValue.Payload))]
internal sealed partial class GroupButtonJsonContext : JsonSerializerContext;

using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.BlockKit;

namespace SecHubBot.Core.Tests.Alerts;

/// <summary>The parent, the updated parent and the audit reply, for a single finding, a group and metadata alone.</summary>
public class AlertComposerStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 15, 30, 0, TimeSpan.Zero);
    private static readonly ThreadRef Thread = new("C0ALERTS", "1700000000.000100");
    private readonly AlertComposer _composer = new();
    private readonly OfflineExplainer _explainer = new();

    [Fact]
    public void ComposeParent_NewFinding_OpenWithResolveSuppressAndMetadataOfDesign()
    {
        var finding = Control(1);

        var parent = _composer.ComposeParent(AlertSubject.Single(finding), _explainer.Explain(finding), "C0ALERTS");

        var payload = parent.Metadata!.EventPayload;
        Assert.Equal("sechub_finding", parent.Metadata.EventType);
        Assert.Equal((finding.Id, finding.ProductArn, "EC2.18", "123456789012", "us-east-1", "HIGH", "asff", "open"),
            (payload.FindingId, payload.ProductArn, payload.ControlId, payload.AccountId, payload.Region, payload.Severity, payload.Schema, payload.Status));
        Assert.Equal([AlertActionIds.Resolve, AlertActionIds.Suppress, AlertActionIds.OpenConsole], ActionIds(parent));
        Assert.DoesNotContain(parent.Blocks!, b => b.BlockId == AlertComposer.StatusBlockId);
        Assert.Null(parent.Ts);
    }

    [Fact]
    public void ComposeUpdate_ResolvedByPerson_StateWhoWhenWhyAndReopenInPlaceOfTheButtons()
    {
        var finding = Control(1);
        var explanation = _explainer.Explain(finding);
        var parent = _composer.ComposeParent(AlertSubject.Single(finding), explanation, Thread.Channel);

        var update = _composer.ComposeUpdate(
            AlertSubject.Single(finding with { Workflow = WorkflowStatus.Resolved }),
            AlertState.ChangedBy(AlertStatus.Resolved, "Ana Lima", At, "patched in PR 12"),
            explanation,
            Thread);

        Assert.Equal((Thread.Channel, Thread.Ts), (update.Channel, update.Ts));
        var state = StateText(update);
        Assert.StartsWith(":heavy_check_mark: *Resolved* by *Ana Lima* <!date^1796225400^", state, StringComparison.Ordinal);
        Assert.EndsWith("\n*Reason:* patched in PR 12", state, StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ActionIds(update));
        Assert.True(FindingButtonValue.TryDecode(Buttons(update)[0].Value, out var reference));
        Assert.Equal(finding.Ref, reference);
        Assert.Equal("resolved", update.Metadata!.EventPayload.Status);
        Assert.StartsWith("[Resolved] ", update.Text, StringComparison.Ordinal);

        // Everything but the buttons is the alert as posted: the update re-draws it, it does not read it back.
        var kept = update.Blocks!.Where(b => b is not ActionsBlock && b.BlockId != AlertComposer.StatusBlockId);
        Assert.Equal(Json(parent.Blocks!.Where(b => b is not ActionsBlock)), Json(kept));
        Assert.Empty(BlockKitLimitCheck.Check(update));
    }

    [Fact]
    public void ComposeUpdate_ReopenedByPerson_ResolveAndSuppressAgain()
    {
        var finding = Control(1);

        var update = _composer.ComposeUpdate(AlertSubject.Single(finding), AlertState.ChangedBy(AlertStatus.Open, "Ana", At, "not fixed after all"), null, Thread);

        Assert.StartsWith(":arrows_counterclockwise: *Reopened* by *Ana*", StateText(update), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.Resolve, AlertActionIds.Suppress, AlertActionIds.OpenConsole], ActionIds(update));
        Assert.Equal("open", update.Metadata!.EventPayload.Status);
    }

    [Fact]
    public void ComposeUpdate_PassedInSecurityHub_SaysSoInSecurityHubsWordsWithReopen()
    {
        var passed = Control(1) with { Workflow = WorkflowStatus.Resolved, Compliance = ComplianceStatus.Passed };

        var update = _composer.ComposeUpdate(AlertSubject.Single(passed), AlertState.Reported(AlertStatuses.Of(passed), At), _explainer.Explain(passed), Thread);

        Assert.StartsWith(":white_check_mark: *Passed* in Security Hub — workflow RESOLVED, compliance PASSED, seen <!date^", StateText(update), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ActionIds(update));
        Assert.Equal("passed", update.Metadata!.EventPayload.Status);
    }

    [Fact]
    public void ComposeUpdate_FailedAgain_OpenAgainWithTheButtonsBack()
    {
        var update = _composer.ComposeUpdate(AlertSubject.Single(Control(1)), AlertState.Reported(AlertStatus.Open, At), null, Thread);

        Assert.StartsWith(":arrows_counterclockwise: *Open again* in Security Hub", StateText(update), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.Resolve, AlertActionIds.Suppress, AlertActionIds.OpenConsole], ActionIds(update));
    }

    [Fact]
    public void Emoji_EveryStatus_OneOfItsOwnAndResolvedIsNotPassed()
    {
        var emojis = AlertStatuses.All.Select(AlertStatusStyle.Emoji).ToList();

        Assert.Equal(emojis.Count, emojis.Distinct(StringComparer.Ordinal).Count());
        Assert.NotEqual(AlertStatusStyle.Emoji(AlertStatus.Passed), AlertStatusStyle.Emoji(AlertStatus.Resolved));
    }

    [Fact]
    public void ComposeParent_AlreadyClosedFinding_ShowsTheStateWithoutATs()
    {
        // What /sechub explain posts for a finding someone already suppressed in the console.
        var finding = Control(1) with { Workflow = WorkflowStatus.Suppressed, Note = new FindingNote("accepted risk", "arn:aws:iam::123456789012:user/ops", At) };
        var state = new AlertState(AlertStatuses.Of(finding)) { By = finding.Note!.UpdatedBy, At = finding.Note.UpdatedAt, Reason = finding.Note.Text };

        var parent = _composer.ComposeParent(AlertSubject.Single(finding), _explainer.Explain(finding), "C0ALERTS", state);

        Assert.Null(parent.Ts);
        Assert.StartsWith(":no_bell: *Suppressed* by *arn:aws:iam::123456789012:user/ops*", StateText(parent), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ActionIds(parent));
        Assert.Equal("suppressed", parent.Metadata!.EventPayload.Status);
    }

    [Fact]
    public void ComposeAudit_PersonResolvedOneFinding_WhoWhatWhy()
    {
        var audit = _composer.ComposeAudit(AlertState.ChangedBy(AlertStatus.Resolved, "Ana", At, "patched"), Thread);

        Assert.Equal((Thread.Channel, Thread.Ts, (string?)null), (audit.Channel, audit.ThreadTs, audit.Ts));
        Assert.Equal(":heavy_check_mark: *Ana* resolved this finding in Security Hub.\n*Reason:* patched", SectionText(audit));
        Assert.Empty(BlockKitLimitCheck.Check(audit));
    }

    [Fact]
    public void ComposeAudit_ReportedForSeveralFindings_ListsThemAndSaysWhenSeen()
    {
        var changed = Enumerable.Range(0, 13).Select(i => Control(i) with { Workflow = WorkflowStatus.Resolved }).ToList();

        var audit = _composer.ComposeAudit(AlertState.Reported(AlertStatus.Resolved, At), Thread, changed);

        var text = SectionText(audit);
        Assert.StartsWith(":heavy_check_mark: 13 findings of this alert were resolved in Security Hub.\n• EC2 security group sg-", text, StringComparison.Ordinal);
        Assert.Contains(" — workflow RESOLVED, compliance FAILED", text, StringComparison.Ordinal);
        Assert.EndsWith("…and 3 more", text, StringComparison.Ordinal);
        var context = Assert.IsType<ContextBlock>(audit.Blocks![1]);
        Assert.StartsWith("Seen by SecHubBot <!date^1796225400^", ((MrkdwnText)context.Elements[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAudit_FailedAgain_SaysTheFixStillApplies()
    {
        var audit = _composer.ComposeAudit(AlertState.Reported(AlertStatus.Open, At), Thread, [Control(1)]);

        Assert.StartsWith(":arrows_counterclockwise: This finding failed again (or was reopened) in Security Hub.", SectionText(audit), StringComparison.Ordinal);
        Assert.EndsWith("The fix earlier in this thread still applies.", ((MrkdwnText)((ContextBlock)audit.Blocks![1]).Elements[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeParent_Group_ConfirmedGroupButtonsAndGroupMetadata()
    {
        var members = Enumerable.Range(0, 37).Select(Control).ToList();

        var parent = _composer.ComposeParent(AlertSubject.Group(members), _explainer.Explain(members[0]), "C0ALERTS");

        Assert.Equal("HIGH: EC2.18 failed on 37 EC2 security groups in 123456789012 / us-east-1", parent.Text);
        Assert.Equal([AlertActionIds.ResolveGroup, AlertActionIds.SuppressGroup], ActionIds(parent));
        Assert.All(Buttons(parent), b => Assert.NotNull(b.Confirm));
        Assert.True(GroupButtonValue.TryDecode(Buttons(parent)[0].Value, out var size));
        Assert.Equal(37, size);
        var payload = parent.Metadata!.EventPayload;
        Assert.Equal((null, 37, "EC2.18", "asff", "open"), (payload.FindingId, payload.GroupSize, payload.ControlId, payload.Schema, payload.Status));
    }

    [Fact]
    public void ComposeUpdate_GroupResolvedInFull_ReopenOnly()
    {
        var members = Enumerable.Range(0, 5).Select(Control).ToList();
        var state = AlertState.ChangedBy(AlertStatus.Resolved, "Ana", At, "fleet patched", new GroupChangeCounts(5, 5, 5));

        var update = _composer.ComposeUpdate(AlertSubject.Group(members), state, _explainer.Explain(members[0]), Thread);

        Assert.StartsWith(":heavy_check_mark: *Resolved* all 5 findings by *Ana*", StateText(update), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.ReopenGroup], ActionIds(update));
        Assert.Contains("*Resources*", Json(update.Blocks!), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeUpdate_GroupResolvedInPart_ReopenAndTheGroupButtonsToRetry()
    {
        var members = Enumerable.Range(0, 5).Select(Control).ToList();
        var state = AlertState.ChangedBy(AlertStatus.Resolved, "Ana", At, "fleet patched", new GroupChangeCounts(2, 3, 5));

        var update = _composer.ComposeUpdate(AlertSubject.Group(members), state, null, Thread);
        var audit = _composer.ComposeAudit(state, Thread);

        Assert.StartsWith(":heavy_check_mark: *Resolved* 3 of 5 findings by *Ana*", StateText(update), StringComparison.Ordinal);
        Assert.Equal([AlertActionIds.ReopenGroup, AlertActionIds.ResolveGroup, AlertActionIds.SuppressGroup], ActionIds(update));
        Assert.Null(Buttons(update)[1].Style);
        Assert.StartsWith(":heavy_check_mark: *Ana* resolved 2 findings of this alert (3 of 5 are now Resolved) in Security Hub.", SectionText(audit), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeUpdate_OnlyTheMetadata_SingleAlertKeepsItsFindingAndConsoleLink()
    {
        var finding = Control(1);
        var metadata = _composer.ComposeParent(AlertSubject.Single(finding), null, "C0ALERTS").Metadata!.EventPayload;

        var update = _composer.ComposeUpdate(AlertSubject.FromMetadata(metadata), AlertState.ChangedBy(AlertStatus.Suppressed, "Ana", At, "accepted"), null, Thread);

        Assert.Equal(":red_circle: EC2.18 in 123456789012 / us-east-1", ((HeaderBlock)update.Blocks![0]).Text.Text);
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ActionIds(update));
        Assert.True(FindingButtonValue.TryDecode(Buttons(update)[0].Value, out var reference));
        Assert.Equal(finding.Ref, reference);
        Assert.StartsWith("https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#", Buttons(update)[1].Url, StringComparison.Ordinal);
        Assert.Equal(metadata with { Status = "suppressed" }, update.Metadata!.EventPayload);
    }

    [Fact]
    public void ComposeUpdate_OnlyTheMetadataOfAGroup_GroupButtons()
    {
        var metadata = new FindingAlertMetadata { ControlId = "EC2.18", AccountId = "123456789012", Region = "us-east-1", Severity = "HIGH", GroupSize = 37, Status = "NOTIFIED" };

        var update = _composer.ComposeUpdate(AlertSubject.FromMetadata(metadata), AlertState.ChangedBy(AlertStatus.Resolved, "Ana", At, "done", new GroupChangeCounts(37, 37, 37)), null, Thread);

        Assert.Equal(":red_circle: EC2.18 failed on 37 resources in 123456789012 / us-east-1", ((HeaderBlock)update.Blocks![0]).Text.Text);
        Assert.Equal([AlertActionIds.ReopenGroup], ActionIds(update));
        Assert.Equal(("resolved", "asff", 37), (update.Metadata!.EventPayload.Status, update.Metadata.EventPayload.Schema, update.Metadata.EventPayload.GroupSize));
    }

    [Fact]
    public void ComposeFirstReply_Group_SaysWhichResourceTheStepsUse()
    {
        var members = Enumerable.Range(0, 4).Select(Control).ToList();

        var messages = _composer.Compose(AlertSubject.Group(members), _explainer.Explain(members[0]), "C0ALERTS");

        var note = Assert.IsType<ContextBlock>(messages.FirstReply.Blocks![0]);
        Assert.Contains("the same fix applies to each of the 4 resources", ((MrkdwnText)note.Elements[0]).Text, StringComparison.Ordinal);
    }

    internal static Finding Control(int index) => FindingReader.Read(SyntheticFindings.Control(index)).Finding!;

    private static string StateText(SlackMessage message) =>
        ((MrkdwnText)message.Blocks!.OfType<SectionBlock>().Single(b => b.BlockId == AlertComposer.StatusBlockId).Text!).Text;

    private static string SectionText(SlackMessage message) => ((MrkdwnText)((SectionBlock)message.Blocks![0]).Text!).Text;

    private static ButtonElement[] Buttons(SlackMessage message) =>
        [.. message.Blocks!.OfType<ActionsBlock>().Single().Elements.Cast<ButtonElement>()];

    private static string[] ActionIds(SlackMessage message) => [.. Buttons(message).Select(b => b.ActionId ?? "")];

    private static string Json(IEnumerable<Block> blocks) => JsonSerializer.Serialize(blocks.ToList(), SlackJson.Context.IReadOnlyListBlock);
}

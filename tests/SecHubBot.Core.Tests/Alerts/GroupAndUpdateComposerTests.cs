using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.BlockKit;

namespace SecHubBot.Core.Tests.Alerts;

/// <summary>A storm's alert, its joins and redraws, and a thread's update after a change in Security Hub, as the pipeline draws them.</summary>
public class GroupAndUpdateComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ThreadRef Thread = new("C123", "1700000000.000100");
    private readonly AlertComposer _composer = new();
    private readonly OfflineExplainer _explainer = new();

    private static Finding Finding(int index, string? title = null)
    {
        var finding = FindingReader.Read(SyntheticFindings.Control(index)).Finding!;
        return title is null ? finding : finding with { Title = title };
    }

    [Fact]
    public void Compose_37Members_HeadlineFirstTenAndMoreWithConfirmedGroupButtons()
    {
        var members = Enumerable.Range(0, 37).Select(i => Finding(i)).ToList();

        var messages = _composer.Compose(AlertSubject.Group(members), _explainer.Explain(members[0]), "C123");

        Assert.Equal("HIGH: EC2.18 failed on 37 EC2 security groups in 123456789012 / us-east-1", messages.Parent.Text);
        var json = JsonSerializer.Serialize(messages.Parent, SlackJson.Context.SlackMessage);
        Assert.Contains("…and 27 more", json, StringComparison.Ordinal);
        var actions = messages.Parent.Blocks!.OfType<ActionsBlock>().Single();
        Assert.All(actions.Elements.Cast<ButtonElement>(), b => Assert.NotNull(b.Confirm));
        Assert.Equal([AlertActionIds.ResolveGroup, AlertActionIds.SuppressGroup], actions.Elements.Select(e => e.ActionId));
        Assert.True(GroupButtonValue.TryDecode(((ButtonElement)actions.Elements[0]).Value, out var size));
        Assert.Equal(37, size);
        Assert.Equal(37, messages.Parent.Metadata!.EventPayload.GroupSize);
        Assert.Null(messages.Parent.Metadata.EventPayload.FindingId);
        Assert.Empty(BlockKitLimitCheck.Check(messages.Parent));
        Assert.Empty(BlockKitLimitCheck.Check(messages.FirstReply));
    }

    [Fact]
    public void ComposeUpdate_GroupOfTotalDrawnFromItsFirstTen_SameParentAsFromEveryMember()
    {
        var members = Enumerable.Range(0, 37).Select(i => Finding(i)).ToList();
        var explanation = _explainer.Explain(members[0]);

        var fromAll = _composer.ComposeUpdate(AlertSubject.Group(members), AlertState.Open, explanation, Thread);
        var fromTen = _composer.ComposeUpdate(AlertSubject.Group([.. members.Take(10)], 37), AlertState.Open, explanation, Thread);

        Assert.Equal(Thread.Ts, fromTen.Ts);
        Assert.Equal(
            JsonSerializer.Serialize(fromAll, SlackJson.Context.SlackMessage),
            JsonSerializer.Serialize(fromTen, SlackJson.Context.SlackMessage));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertSubject.Group([.. members.Take(10)], 9));
    }

    [Fact]
    public void ComposeJoin_TwelveNewcomers_NamesTenAndTheNewTotalEscaped()
    {
        var newcomers = Enumerable.Range(0, 12).Select(i => Finding(i) with { ControlId = "<!channel>" }).ToList();

        var reply = _composer.ComposeJoin(newcomers, 49, Thread);

        Assert.Equal((Thread.Channel, Thread.Ts), (reply.Channel, reply.ThreadTs));
        Assert.StartsWith(":heavy_plus_sign: 12 more findings of ", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith(" joined this alert (now 49).", reply.Text, StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(reply, SlackJson.Context.SlackMessage);
        Assert.Contains("…and 2 more", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.Empty(BlockKitLimitCheck.Check(reply));
        Assert.Contains("1 more finding of", _composer.ComposeJoin(newcomers[..1], 2, Thread).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAudit_HostileTitlesOverTenMembers_EscapedAndWithinLimits()
    {
        var changed = Enumerable.Range(0, 12).Select(i => Finding(i, "<!channel> & <@U1>")).ToList();

        var reply = _composer.ComposeAudit(AlertState.Reported(AlertStatus.Resolved, Now), Thread, changed);

        Assert.Equal(Thread.Ts, reply.ThreadTs);
        var json = JsonSerializer.Serialize(reply, SlackJson.Context.SlackMessage);
        Assert.Contains("12 findings of this alert were resolved", json, StringComparison.Ordinal);
        Assert.Contains("and 2 more", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.Empty(BlockKitLimitCheck.Check(reply));
    }

    [Fact]
    public void ComposeUpdate_PassedInSecurityHub_ReplacesResolveSuppressWithReopenAndSetsStatus()
    {
        var finding = Finding(1) with { Workflow = WorkflowStatus.Resolved, Compliance = ComplianceStatus.Passed };

        var update = _composer.ComposeUpdate(AlertSubject.Single(finding), AlertState.Reported(AlertStatuses.Of(finding), Now), _explainer.Explain(finding), Thread);

        Assert.Equal(Thread.Ts, update.Ts);
        Assert.Equal("passed", update.Metadata!.EventPayload.Status);
        var ids = update.Blocks!.OfType<ActionsBlock>().Single().Elements.Select(e => e.ActionId).ToList();
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ids);
        Assert.Contains(update.Blocks!.OfType<SectionBlock>(), s => s.Text?.Text.Contains("*Passed*", StringComparison.Ordinal) == true);
        Assert.Empty(BlockKitLimitCheck.Check(update));
    }

    [Theory]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, RecordState.Active, AlertStatus.Open)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Passed, RecordState.Active, AlertStatus.Passed)]
    [InlineData(WorkflowStatus.Suppressed, ComplianceStatus.Passed, RecordState.Active, AlertStatus.Suppressed)]
    [InlineData(WorkflowStatus.New, ComplianceStatus.None, RecordState.Archived, AlertStatus.Archived)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, RecordState.Active, AlertStatus.Resolved)]
    public void Of_SecurityHubState_AlertStatus(WorkflowStatus workflow, ComplianceStatus compliance, RecordState record, AlertStatus expected)
    {
        var finding = Finding(1) with { Workflow = workflow, Compliance = compliance, RecordState = record };

        Assert.Equal(expected, AlertStatuses.Of(finding));
        Assert.Equal(expected, AlertStatuses.FromWire(expected.ToWire()));
    }
}

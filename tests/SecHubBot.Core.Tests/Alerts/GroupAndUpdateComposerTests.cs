using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.BlockKit;

namespace SecHubBot.Core.Tests.Alerts;

public class GroupAndUpdateComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
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

        var messages = new GroupAlertComposer(new AlertComposer()).Compose(members, _explainer.Explain(members[0]), "C123");

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
    public void ComposeReply_HostileTitlesOverTenMembers_EscapedAndWithinLimits()
    {
        var changed = Enumerable.Range(0, 12).Select(i => Finding(i, "<!channel> & <@U1>")).ToList();

        var reply = ThreadUpdateComposer.ComposeReply(changed, FindingCondition.Resolved, "C123", "1.2", Now);

        Assert.Equal("1.2", reply.ThreadTs);
        var json = JsonSerializer.Serialize(reply, SlackJson.Context.SlackMessage);
        Assert.Contains("12 findings of this alert were resolved", json, StringComparison.Ordinal);
        Assert.Contains("and 2 more", json, StringComparison.Ordinal);
        Assert.Empty(BlockKitLimitCheck.Check(reply));
    }

    [Fact]
    public void ComposeParentUpdate_Closed_ReplacesResolveSuppressWithReopenAndSetsStatus()
    {
        var finding = Finding(1) with { Workflow = WorkflowStatus.Resolved, Compliance = ComplianceStatus.Passed };

        var update = new ThreadUpdateComposer(new AlertComposer()).ComposeParentUpdate(finding, _explainer.Explain(finding), "C123", "1.2", Now);

        Assert.Equal("1.2", update.Ts);
        Assert.Equal("passed", update.Metadata!.EventPayload.Status);
        var ids = update.Blocks!.OfType<ActionsBlock>().Single().Elements.Select(e => e.ActionId).ToList();
        Assert.Equal([AlertActionIds.Reopen, AlertActionIds.OpenConsole], ids);
        Assert.Contains(update.Blocks!.OfType<SectionBlock>(), s => s.Text?.Text.Contains("*Passed*", StringComparison.Ordinal) == true);
        Assert.Empty(BlockKitLimitCheck.Check(update));
    }

    [Theory]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, RecordState.Active, FindingCondition.Open)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Passed, RecordState.Active, FindingCondition.Passed)]
    [InlineData(WorkflowStatus.Suppressed, ComplianceStatus.Passed, RecordState.Active, FindingCondition.Suppressed)]
    [InlineData(WorkflowStatus.New, ComplianceStatus.None, RecordState.Archived, FindingCondition.Archived)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, RecordState.Active, FindingCondition.Resolved)]
    public void Of_State_Condition(WorkflowStatus workflow, ComplianceStatus compliance, RecordState record, FindingCondition expected)
    {
        var finding = Finding(1) with { Workflow = workflow, Compliance = compliance, RecordState = record };

        Assert.Equal(expected, FindingConditions.Of(finding));
        Assert.Equal(expected, FindingConditions.FromWire(expected.ToWire()));
    }
}

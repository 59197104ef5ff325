using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.BlockKit;

namespace SecHubBot.Core.Tests.Alerts;

public class AlertStatusComposerTests
{
    private static readonly Finding Finding = FindingReader.Read(SyntheticFindings.Control(1)).Finding!;

    private static readonly AlertStatusChange Resolved =
        new(WorkflowStatus.Resolved, "U0ANA", "Ana <@U0X> & co", DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "Fixed in PR #42 <!channel>");

    [Fact]
    public void Compose_ResolvedParent_KeepsAlertReplacesButtonsWithStatusAndReopen()
    {
        var (parent, blocks) = PostedParent();

        var update = AlertStatusComposer.Compose("C1", "1.000001", parent.Text, blocks, AlertComposer.Metadata(Finding), Finding.Ref, Resolved);

        var json = JsonSerializer.Serialize(update, SlackJson.Context.SlackMessage);
        Assert.Equal("1.000001", update.Ts);
        Assert.Equal(parent.Blocks!.Count + 1, update.Blocks!.Count);
        Assert.Contains(AlertStatusComposer.StatusBlockId, json, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.Reopen, json, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.OpenConsole, json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + AlertActionIds.Resolve + "\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0X>", json, StringComparison.Ordinal);
        Assert.Equal("RESOLVED", update.Metadata!.EventPayload.Status);
        Assert.Empty(BlockKitLimitCheck.Check(update));
    }

    [Fact]
    public void Compose_ReopenAfterResolve_OneStatusBlockAndResolveSuppressBack()
    {
        var (parent, blocks) = PostedParent();
        var resolved = AlertStatusComposer.Compose("C1", "1.000001", parent.Text, blocks, AlertComposer.Metadata(Finding), Finding.Ref, Resolved);
        var resolvedBlocks = JsonSerializer.SerializeToElement(resolved.Blocks, SlackJson.Context.IReadOnlyListBlock);

        var reopened = AlertStatusComposer.Compose("C1", "1.000001", parent.Text, resolvedBlocks, AlertComposer.Metadata(Finding), Finding.Ref,
            Resolved with { Status = WorkflowStatus.Notified, Reason = "still open" });

        var json = JsonSerializer.Serialize(reopened, SlackJson.Context.SlackMessage);
        Assert.Single(reopened.Blocks!, b => b.BlockId == AlertStatusComposer.StatusBlockId);
        Assert.Contains("\"" + AlertActionIds.Resolve + "\"", json, StringComparison.Ordinal);
        Assert.Contains("\"" + AlertActionIds.Suppress + "\"", json, StringComparison.Ordinal);
        Assert.Contains("still open", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeThreadReply_EscapesReasonAndName()
    {
        var reply = AlertStatusComposer.ComposeThreadReply("C1", "1.000001", Resolved);

        Assert.Equal("1.000001", reply.ThreadTs);
        Assert.DoesNotContain("<!channel>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_GroupPartlyResolved_SaysHowManyAndKeepsGroupButtonsToRetry()
    {
        var members = new[] { 1, 2, 3 }.Select(i => FindingReader.Read(SyntheticFindings.Control(i)).Finding!).ToList();
        var parent = GroupAlertComposer.ComposeParent(members, new OfflineExplainer().Explain(members[0]), "C1");
        var blocks = JsonSerializer.SerializeToElement(parent.Blocks, SlackJson.Context.IReadOnlyListBlock);

        var partial = AlertStatusComposer.Compose("C1", "1.000001", parent.Text, blocks, GroupAlertComposer.Metadata(members), null, Resolved with { Group = new GroupChangeCounts(2, 2, 3) });
        var complete = AlertStatusComposer.Compose("C1", "1.000001", parent.Text, blocks, GroupAlertComposer.Metadata(members), null, Resolved with { Group = new GroupChangeCounts(3, 3, 3) });

        var partialJson = JsonSerializer.Serialize(partial, SlackJson.Context.SlackMessage);
        Assert.Contains("2 of 3 findings", partialJson, StringComparison.Ordinal);
        Assert.DoesNotContain("all 3 findings by", partialJson, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.ReopenGroup, partialJson, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.ResolveGroup, partialJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + AlertActionIds.Reopen + "\"", partialJson, StringComparison.Ordinal);
        var completeJson = JsonSerializer.Serialize(complete, SlackJson.Context.SlackMessage);
        Assert.Contains("all 3 findings", completeJson, StringComparison.Ordinal);
        Assert.DoesNotContain(AlertActionIds.ResolveGroup, completeJson, StringComparison.Ordinal);
        Assert.Empty(BlockKitLimitCheck.Check(partial));
        Assert.Contains("2 findings of this alert (2 of 3 are now Resolved)", AlertStatusComposer.ComposeThreadReply("C1", "1.000001", Resolved with { Group = new GroupChangeCounts(2, 2, 3) }).Text, StringComparison.Ordinal);
    }

    private static (SlackMessage Parent, JsonElement Blocks) PostedParent()
    {
        var parent = new AlertComposer().ComposeParent(Finding, new OfflineExplainer().Explain(Finding), "C1");
        return (parent, JsonSerializer.SerializeToElement(parent.Blocks, SlackJson.Context.IReadOnlyListBlock));
    }
}

using System.Text.Json;
using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Handlers;

/// <summary>A grouped alert's Resolve all / Suppress all / Reopen end to end: click, modal, submission, every member, parent update.</summary>
public sealed class GroupActionJourneyTests : IAsyncLifetime
{
    private const int Size = 4;
    private static readonly int[] Indexes = [11, 12, 13, 14];
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string GroupValue => GroupButtonValue.Encode(Size);

    private static IEnumerable<string> MemberIds => Indexes.Select(i => SyntheticFindings.IdOf(i));

    [Fact]
    public async Task GroupResolve_ApproverWithReason_UpdatesEveryMemberParentOnceAndOneAuditReply()
    {
        var parentTs = await PostGroupAlertAsync();
        var modal = await ClickAsync(AlertActionIds.ResolveGroup, parentTs, BotTestHost.Approver);
        Assert.Equal($"Resolve {Size} findings", modal.GetProperty("title").GetProperty("text").GetString());
        var metadata = FindingAction.Decode(modal.GetProperty("private_metadata").GetString())!;
        Assert.True(metadata.Group);
        Assert.Equal(parentTs, metadata.MessageTs);
        Assert.Empty(metadata.FindingId);

        var ack = await _host.SubmitReasonAsync(modal, "Fixed in PR #42", BotTestHost.Approver);

        Assert.Null(ack);
        foreach (var id in MemberIds)
        {
            var stored = _host.SecurityHub.Find(id)!;
            Assert.Equal("RESOLVED", (string?)stored["Workflow"]!["Status"]);
            Assert.Equal("resolved", (string?)stored["UserDefinedFields"]![ThreadFields.Status]);
            Assert.Equal("Fixed in PR #42 — Ana via Slack", (string?)stored["Note"]!["Text"]);
        }

        // The store now holds what the alert shows, so Ingest's echo of this update is silent.
        var records = await _host.Services.GetRequiredService<IStoreOfRecord>().GetManyAsync([.. Indexes.Select(i => StoreKey.Finding(FindingReader.Read(SyntheticFindings.Control(i)).Finding!.Ref, SlackFake.DefaultChannel))], CancellationToken.None);
        Assert.Equal(Size, records.Count);
        Assert.All(records.Values, r => Assert.Equal("resolved", r.Status));

        // The finding of another alert is not a member.
        Assert.Equal("NEW", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 1, "the audit reply");
        await _host.DrainAsync();
        var reply = Assert.Single(_host.BotReplies(parentTs));
        Assert.Contains($"{Size} findings of this alert", reply.Text, StringComparison.Ordinal);
        Assert.Single(_host.Slack.CallsTo("chat.update"));
        var parent = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs);
        var blocks = parent.Blocks!.Value.GetRawText();
        Assert.Contains($"all {Size} findings", blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.ReopenGroup, blocks, StringComparison.Ordinal);
        Assert.DoesNotContain(AlertActionIds.ResolveGroup, blocks, StringComparison.Ordinal);
        Assert.Contains("Fixed in PR #42", blocks, StringComparison.Ordinal);
        Assert.Equal("resolved", parent.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GroupClick_Unauthorized_EphemeralDeniesAndNothingChanges()
    {
        var parentTs = await PostGroupAlertAsync();

        var click = await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.SuppressGroup, GroupValue, SlackFake.DefaultChannel, parentTs, user: BotTestHost.Person));
        await click.Acked.WaitAsync(BotTestHost.Wait);

        var ephemeral = Assert.Single(await _host.Slack.WaitForCallsAsync("chat.postEphemeral", 1));
        Assert.Contains("Nothing was changed", ephemeral.Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("views.open"));
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task GroupResolve_SomeMembersUnprocessed_ModalCountsThemAndNothingClaimsAll()
    {
        var failing = SyntheticFindings.IdOf(Indexes[1]);
        _host.SecurityHub.UnprocessedIds[failing] = "ConcurrentUpdateError";
        var parentTs = await PostGroupAlertAsync();

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.ResolveGroup, parentTs, BotTestHost.Approver), "fixed", BotTestHost.Approver);

        var error = ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString();
        Assert.Contains($"1 of {Size} findings were not updated (ConcurrentUpdateError)", error, StringComparison.Ordinal);
        Assert.Equal("NEW", (string?)_host.SecurityHub.Find(failing)!["Workflow"]!["Status"]);
        Assert.Equal(Size - 1, MemberIds.Count(id => (string?)_host.SecurityHub.Find(id)!["Workflow"]!["Status"] == "RESOLVED"));

        // The parent says what happened: some, not all.
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 1, "the audit reply");
        var blocks = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs).Blocks!.Value.GetRawText();
        Assert.Contains($"{Size - 1} of {Size} findings", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("all " + Size + " findings by", blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.ResolveGroup, blocks, StringComparison.Ordinal);
        Assert.Contains($"{Size - 1} of {Size} are now Resolved", _host.BotReplies(parentTs)[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupResolve_SameSubmissionTwice_ChangesEachMemberOnce()
    {
        var parentTs = await PostGroupAlertAsync();
        var modal = await ClickAsync(AlertActionIds.ResolveGroup, parentTs, BotTestHost.Approver);
        var submission = BotTestHost.ReasonSubmission(modal, "fixed", BotTestHost.Approver);

        var first = await _host.Slack.SocketMode.SendInteractiveAsync(submission);
        await _host.Slack.SocketMode.DeliverAgainAsync(first);
        var second = await _host.Slack.SocketMode.SendInteractiveAsync(BotTestHost.ReasonSubmission(modal, "fixed too", BotTestHost.GroupMember));
        // The two submissions may be handled in either order: one applies, the other finds nothing left to do.
        JsonElement?[] acks = [await first.Acked.WaitAsync(BotTestHost.Wait), await second.Acked.WaitAsync(BotTestHost.Wait)];

        Assert.Equal(1, _host.SecurityHub.BatchUpdateCalls);
        Assert.Single(acks, a => a is null);
        Assert.Contains("already RESOLVED", acks.Single(a => a is not null)!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 1, "one audit reply");
        await _host.DrainAsync();
        Assert.Single(_host.BotReplies(parentTs));
        Assert.Single(_host.Slack.CallsTo("chat.update"));
        var note = (string?)_host.SecurityHub.Find(MemberIds.First())!["Note"]!["Text"];
        Assert.Contains(note, new[] { "fixed — Ana via Slack", "fixed too — Gus via Slack" });
        Assert.All(MemberIds, id => Assert.Equal(note, (string?)_host.SecurityHub.Find(id)!["Note"]!["Text"]));
    }

    [Fact]
    public async Task GroupReopen_AfterGroupResolve_RestoresNotifiedAndGroupButtons()
    {
        var parentTs = await PostGroupAlertAsync();
        Assert.Null(await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.ResolveGroup, parentTs, BotTestHost.Approver), "done", BotTestHost.Approver));
        var resolved = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs).Blocks!.Value;
        var reopenValue = ButtonValue(resolved, AlertActionIds.ReopenGroup);

        var modal = await ClickAsync(AlertActionIds.ReopenGroup, parentTs, BotTestHost.GroupMember, reopenValue);
        Assert.Equal($"Reopen {Size} findings", modal.GetProperty("title").GetProperty("text").GetString());
        Assert.Null(await _host.SubmitReasonAsync(modal, "still failing", BotTestHost.GroupMember));

        foreach (var id in MemberIds)
        {
            Assert.Equal("NOTIFIED", (string?)_host.SecurityHub.Find(id)!["Workflow"]!["Status"]);
            Assert.Equal("open", (string?)_host.SecurityHub.Find(id)!["UserDefinedFields"]![ThreadFields.Status]);
        }

        var blocks = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs).Blocks!.Value.GetRawText();
        Assert.Contains(AlertActionIds.ResolveGroup, blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.SuppressGroup, blocks, StringComparison.Ordinal);
        Assert.DoesNotContain(AlertActionIds.ReopenGroup, blocks, StringComparison.Ordinal);
        Assert.Contains("still failing", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupResolve_MembersOnlyClaimedByUserDefinedFields_ModalSaysSoAndNothingChanges()
    {
        var parentTs = await PostGroupAlertAsync(recordMembers: false);

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.ResolveGroup, parentTs, BotTestHost.Approver), "fixed", BotTestHost.Approver);

        Assert.Contains("no record of the findings this alert speaks for", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
    }

    /// <summary>
    /// Posts a grouped alert as Ingest does and seeds its members in Security Hub; Ingest's record of the
    /// thread's members goes to the store unless <paramref name="recordMembers"/> is false. Every member's
    /// UserDefinedFields claim the thread either way: a field anyone can write never makes a member.
    /// </summary>
    private async Task<string> PostGroupAlertAsync(bool recordMembers = true)
    {
        var members = Indexes.Select(i => FindingReader.Read(SyntheticFindings.Control(i)).Finding!).ToList();
        var explanation = await new OfflineExplainer().ExplainAsync(members[0], CancellationToken.None);
        var posted = await _host.Slack.CreateApiClient().PostMessageAsync(new AlertComposer().ComposeParent(AlertSubject.Group(members), explanation, SlackFake.DefaultChannel));
        var fields = new Dictionary<string, string> { [ThreadFields.Thread] = $"{SlackFake.DefaultChannel}/{posted.Ts}", [ThreadFields.Status] = "open" };
        _host.SecurityHub.Seed(Indexes.Select(i => SyntheticFindings.Control(i, userDefinedFields: fields)));
        if (recordMembers)
        {
            await _host.RecordAlertAsync(SlackFake.DefaultChannel, posted.Ts, members.Select(m => m.Ref));
        }

        return posted.Ts;
    }

    private static string ButtonValue(JsonElement blocks, string actionId) =>
        blocks.EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Single(e => e.TryGetProperty("action_id", out var id) && id.GetString() == actionId)
            .GetProperty("value").GetString()!;

    /// <summary>Clicks a group button and returns the modal views.open received.</summary>
    private async Task<JsonElement> ClickAsync(string actionId, string parentTs, string user, string? value = null)
    {
        var before = _host.Slack.CallsTo("views.open").Count;
        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(actionId, value ?? GroupValue, SlackFake.DefaultChannel, parentTs, user: user));
        return (await _host.Slack.WaitForCallsAsync("views.open", before + 1)).Last().Body.GetProperty("view");
    }
}

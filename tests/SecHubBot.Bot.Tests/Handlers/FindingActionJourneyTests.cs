using System.Text.Json;
using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Handlers;

/// <summary>Resolve / Suppress / Reopen end to end: click, modal, submission, Security Hub, parent update.</summary>
public sealed class FindingActionJourneyTests : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string ButtonValue => FindingButtonValue.Encode(BotTestHost.Finding.Ref)!;

    [Fact]
    public async Task ResolveClick_Unauthorized_EphemeralNamesApproversAndNothingChanges()
    {
        var parentTs = await _host.PostAlertAsync();

        var click = await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.Resolve, ButtonValue, SlackFake.DefaultChannel, parentTs, user: BotTestHost.Person));
        await click.Acked.WaitAsync(BotTestHost.Wait);

        var ephemeral = Assert.Single(await _host.Slack.WaitForCallsAsync("chat.postEphemeral", 1));
        var text = ephemeral.Body.GetProperty("text").GetString()!;
        Assert.Equal(BotTestHost.Person, ephemeral.Body.GetProperty("user").GetString());
        Assert.Contains($"<@{BotTestHost.Approver}>", text, StringComparison.Ordinal);
        Assert.Contains("Authorization:Approvers", text, StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("views.open"));
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Resolve_ApproverWithReason_UpdatesFindingParentAndThread()
    {
        var parentTs = await _host.PostAlertAsync();
        var modal = await ClickAsync(AlertActionIds.Resolve, parentTs, BotTestHost.Approver);
        Assert.Equal(ReasonModal.CallbackId, modal.GetProperty("callback_id").GetString());

        var ack = await _host.SubmitReasonAsync(modal, "Fixed in PR #42", BotTestHost.Approver);

        Assert.Null(ack);
        var stored = _host.SecurityHub.Find(BotTestHost.FindingId)!;
        Assert.Equal("RESOLVED", (string?)stored["Workflow"]!["Status"]);
        // What the thread now shows, so Ingest treats the event this update raises as our own echo.
        Assert.Equal("resolved", (string?)stored["UserDefinedFields"]![ThreadFields.Status]);
        Assert.Equal("Fixed in PR #42 — Ana via Slack", (string?)stored["Note"]!["Text"]);
        Assert.Equal(BotTestHost.Approver, (string?)stored["Note"]!["UpdatedBy"]);

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("resolved this finding", StringComparison.Ordinal) == true), "the audit reply");
        var parent = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs);
        var blocks = parent.Blocks!.Value.GetRawText();
        Assert.Contains(AlertComposer.StatusBlockId, blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.Reopen, blocks, StringComparison.Ordinal);
        Assert.DoesNotContain(AlertActionIds.Resolve + "\"", blocks, StringComparison.Ordinal);
        Assert.Contains("Fixed in PR #42", blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.OpenConsole, blocks, StringComparison.Ordinal);
        Assert.Equal("resolved", parent.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reopen_AfterResolve_RestoresResolveAndSuppress()
    {
        var parentTs = await _host.PostAlertAsync();
        Assert.Null(await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, parentTs, BotTestHost.Approver), "done", BotTestHost.Approver));

        // A member of the approver user group may act too.
        Assert.Null(await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Reopen, parentTs, BotTestHost.GroupMember), "still failing", BotTestHost.GroupMember));

        Assert.Equal("NOTIFIED", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
        Assert.Equal("open", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["UserDefinedFields"]![ThreadFields.Status]);
        var blocks = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs).Blocks!.Value.GetRawText();
        Assert.Contains(AlertActionIds.Resolve, blocks, StringComparison.Ordinal);
        Assert.Contains(AlertActionIds.Suppress, blocks, StringComparison.Ordinal);
        Assert.Contains("still failing", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_UnprocessedFindings_ModalShowsErrorAndParentUnchanged()
    {
        _host.SecurityHub.UnprocessedIds[BotTestHost.FindingId] = "ConcurrentUpdateError";
        var parentTs = await _host.PostAlertAsync();

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, parentTs, BotTestHost.Approver), "fixed", BotTestHost.Approver);

        Assert.NotNull(ack);
        Assert.Equal("errors", ack.Value.GetProperty("response_action").GetString());
        Assert.Contains("ConcurrentUpdateError", ack.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
        Assert.Single(_host.BotReplies(parentTs));
        Assert.Equal("NEW", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
    }

    [Fact]
    public async Task Resolve_AccessDenied_ModalNamesTheIamAction()
    {
        _host.SecurityHub.DeniedOperations["BatchUpdateFindings"] = true;
        var parentTs = await _host.PostAlertAsync();

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Suppress, parentTs, BotTestHost.Approver), "accepted risk", BotTestHost.Approver);

        Assert.Contains("securityhub:BatchUpdateFindings", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Submit_EmptyReason_ModalAsksForOne()
    {
        var parentTs = await _host.PostAlertAsync();

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, parentTs, BotTestHost.Approver), "   ", BotTestHost.Approver);

        Assert.Equal("A reason is required.", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString());
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
    }

    [Fact]
    public async Task Submit_SameSubmissionTwiceAndASecondPerson_ChangesFindingOnce()
    {
        var parentTs = await _host.PostAlertAsync();
        var modal = await ClickAsync(AlertActionIds.Resolve, parentTs, BotTestHost.Approver);
        var submission = BotTestHost.ReasonSubmission(modal, "fixed", BotTestHost.Approver);

        var first = await _host.Slack.SocketMode.SendInteractiveAsync(submission);
        await _host.Slack.SocketMode.DeliverAgainAsync(first);
        var second = await _host.Slack.SocketMode.SendInteractiveAsync(BotTestHost.ReasonSubmission(modal, "fixed too", BotTestHost.GroupMember));
        await first.Acked.WaitAsync(BotTestHost.Wait);
        var secondAck = await second.Acked.WaitAsync(BotTestHost.Wait);

        Assert.Equal(1, _host.SecurityHub.BatchUpdateCalls);
        Assert.Contains("already RESOLVED", secondAck!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Count == 2, "one audit reply");
        await _host.DrainAsync();
        Assert.Equal(2, _host.BotReplies(parentTs).Count);
        Assert.Single(_host.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Submit_AlertAlreadyShowsResolvedWhileSecurityHubLags_NothingApplied()
    {
        // Another pod resolved it a moment ago: the alert says RESOLVED, GetFindings still says NEW
        // (BatchUpdateFindings can take minutes to show).
        var client = _host.Slack.CreateApiClient();
        var explanation = await new Core.Explain.Offline.OfflineExplainer().ExplainAsync(BotTestHost.Finding, CancellationToken.None);
        var parent = new AlertComposer().ComposeParent(BotTestHost.Finding, explanation, SlackFake.DefaultChannel);
        var posted = await client.PostMessageAsync(parent with
        {
            Metadata = new Core.Slack.Messages.MessageMetadata(FindingAlertMetadata.EventType, AlertComposer.Metadata(BotTestHost.Finding) with { Status = "RESOLVED" }),
        });

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, posted.Ts, BotTestHost.Approver), "fixed", BotTestHost.Approver);

        Assert.Contains("already RESOLVED", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
    }

    [Fact]
    public async Task OpenConsoleClick_OnlyAcked()
    {
        var envelope = await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.OpenConsole, string.Empty, SlackFake.DefaultChannel, "1.000001"));

        Assert.Null(await envelope.Acked.WaitAsync(BotTestHost.Wait));
        Assert.True(envelope.AckLatency < TimeSpan.FromSeconds(3));
    }

    /// <summary>Clicks a button and returns the modal views.open received (within 3 s of the click).</summary>
    private async Task<JsonElement> ClickAsync(string actionId, string parentTs, string user)
    {
        var before = _host.Slack.CallsTo("views.open").Count;
        var sentAt = DateTimeOffset.UtcNow;
        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(actionId, ButtonValue, SlackFake.DefaultChannel, parentTs, user: user));
        var opened = (await _host.Slack.WaitForCallsAsync("views.open", before + 1)).Last();
        Assert.True(opened.At - sentAt < TimeSpan.FromSeconds(3), "views.open must follow the click within 3 s");
        return opened.Body.GetProperty("view");
    }
}

public sealed class FindingActionOutageTests
{
    [Fact]
    public async Task Submit_SecurityHubHangs_ModalSaysItCouldNotBeReached()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["SecurityHub:AttemptTimeout"] = "00:00:00.200" });
        var parentTs = await host.PostAlertAsync();
        var value = FindingButtonValue.Encode(BotTestHost.Finding.Ref)!;
        await host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.Resolve, value, SlackFake.DefaultChannel, parentTs, user: BotTestHost.Approver));
        var modal = (await host.Slack.WaitForCallsAsync("views.open", 1))[0].Body.GetProperty("view");
        host.SecurityHub.DelayNext(10, TimeSpan.FromSeconds(3));

        var ack = await host.SubmitReasonAsync(modal, "fixed", BotTestHost.Approver);

        Assert.Contains("could not be reached", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Slack.CallsTo("chat.update"));
    }
}

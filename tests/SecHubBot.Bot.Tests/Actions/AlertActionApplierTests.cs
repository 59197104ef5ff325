using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Actions;

/// <summary>The applier over real sockets: the store of record, the canonical alert, OCSF findings, and fresh state over the pod's memory.</summary>
public sealed class AlertActionApplierTests : IAsyncLifetime
{
    private const string ExplainChannel = "C0EXPLAIN";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Resolve_InExplainThread_UpdatesCanonicalAlertAndItsThreadToo()
    {
        var canonicalTs = await _host.PostAlertAsync();
        await _host.RecordAlertAsync(SlackFake.DefaultChannel, canonicalTs, [BotTestHost.Finding.Ref]);
        var explainTs = await _host.PostAlertAsync(ExplainChannel);

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, BotTestHost.Finding.Ref, explainTs, ExplainChannel), "Fixed in PR #42", BotTestHost.Approver);

        Assert.Null(ack);
        await BotTestHost.Until(() => _host.BotReplies(canonicalTs).Count == 2, "the audit reply in the canonical thread");
        await _host.DrainAsync();
        foreach (var (channel, ts) in new[] { (SlackFake.DefaultChannel, canonicalTs), (ExplainChannel, explainTs) })
        {
            var parent = _host.Slack.Messages(channel).Single(m => m.Ts == ts);
            Assert.Equal("resolved", parent.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
            Assert.Contains(AlertActionIds.Reopen, parent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);
            Assert.Contains("resolved this finding", _host.BotReplies(ts, channel)[^1].Text, StringComparison.Ordinal);
        }

        Assert.Equal(1, _host.SecurityHub.BatchUpdateCalls);
        var record = (await Store.GetManyAsync([StoreKey.Finding(BotTestHost.Finding.Ref, SlackFake.DefaultChannel)], CancellationToken.None)).Values.Single();
        Assert.Equal("resolved", record.Status);
    }

    [Fact]
    public async Task Resolve_StoreNamesAnotherFindingsAlert_ThatAlertLeftAlone()
    {
        // The store's thread is only a claim: its parent is our alert, but for another finding.
        var other = FindingReader.Read(SyntheticFindings.Control(2)).Finding!;
        _host.SecurityHub.Seed([SyntheticFindings.Control(2)]);
        var explanation = await new OfflineExplainer().ExplainAsync(other, CancellationToken.None);
        var otherTs = (await _host.Slack.CreateApiClient().PostMessageAsync(new AlertComposer().Compose(other, explanation, SlackFake.DefaultChannel).Parent)).Ts;
        await _host.RecordAlertAsync(SlackFake.DefaultChannel, otherTs, [BotTestHost.Finding.Ref]);
        var explainTs = await _host.PostAlertAsync(ExplainChannel);

        Assert.Null(await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, BotTestHost.Finding.Ref, explainTs, ExplainChannel), "fixed", BotTestHost.Approver));

        await BotTestHost.Until(() => _host.BotReplies(explainTs, ExplainChannel).Count == 2, "the audit reply");
        await _host.DrainAsync();
        Assert.Single(_host.Slack.CallsTo("chat.update"));
        Assert.Empty(_host.BotReplies(otherTs));
        Assert.Equal("open", _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == otherTs).Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resolve_OcsfAlert_SendsBatchUpdateFindingsV2AndAlertShowsIt()
    {
        var (finding, parentTs) = await PostOcsfAlertAsync();

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, finding.Ref, parentTs), "Rotated the key", BotTestHost.Approver);

        Assert.Null(ack);
        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("resolved this finding", StringComparison.Ordinal) == true), "the audit reply");
        Assert.Equal(1, _host.SecurityHub.BatchUpdateV2Calls);
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
        Assert.Empty(_host.SecurityHub.ModelViolations);
        var stored = _host.SecurityHub.FindOcsf(SyntheticOcsfFindings.MetadataUidOf(1))!;
        Assert.Equal(4, (int?)stored["status_id"]);
        Assert.Equal("Rotated the key (by Ana)", (string?)stored["comment"]);
        var parent = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == parentTs);
        Assert.Equal("resolved", parent.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
        Assert.Contains(AlertActionIds.Reopen, parent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_OcsfFindingUnprocessed_ModalShowsTheErrorAndNothingChanges()
    {
        var (finding, parentTs) = await PostOcsfAlertAsync();
        _host.SecurityHub.UnprocessedOcsfUids[SyntheticOcsfFindings.MetadataUidOf(1)] = "ConflictException";

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, finding.Ref, parentTs), "fixed", BotTestHost.Approver);

        Assert.Contains("ConflictException", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (int?)_host.SecurityHub.FindOcsf(SyntheticOcsfFindings.MetadataUidOf(1))!["status_id"]);
        Assert.Empty(_host.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Resolve_AfterReopenOnAnotherPod_AppliedNotRefusedFromMemory()
    {
        var parentTs = await _host.PostAlertAsync();
        Assert.Null(await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, BotTestHost.Finding.Ref, parentTs), "done", BotTestHost.Approver));

        // A second replica (HTTP mode, same Slack and Security Hub) reopens it.
        await using (var other = BotTestHost.Build(_host.Configuration(httpMode: true)))
        {
            await other.StartAsync();
            var reopen = new FindingAction(FindingAction.Reopen, BotTestHost.FindingId, BotTestHost.Finding.ProductArn, SlackFake.DefaultChannel, parentTs);
            var reopened = await other.Services.GetRequiredService<AlertActionApplier>().ApplyAsync(reopen, BotTestHost.GroupMember, "still failing", CancellationToken.None);
            Assert.True(reopened.Changed, reopened.Error);
            await other.StopAsync();
        }

        Assert.Equal("NOTIFIED", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);

        var ack = await _host.SubmitReasonAsync(await ClickAsync(AlertActionIds.Resolve, BotTestHost.Finding.Ref, parentTs), "fixed for real", BotTestHost.Approver);

        Assert.Null(ack);
        Assert.Equal("RESOLVED", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
        Assert.Equal(3, _host.SecurityHub.BatchUpdateCalls);
    }

    private IStoreOfRecord Store => _host.Services.GetRequiredService<IStoreOfRecord>();

    private async Task<(Finding Finding, string ParentTs)> PostOcsfAlertAsync()
    {
        var element = SyntheticOcsfFindings.Detection(1);
        _host.SecurityHub.SeedOcsf([element]);
        var finding = OcsfFindingReader.Read(element).Finding!;
        var explanation = await new OfflineExplainer().ExplainAsync(finding, CancellationToken.None);
        var ts = (await _host.Slack.CreateApiClient().PostMessageAsync(new AlertComposer().Compose(finding, explanation, SlackFake.DefaultChannel).Parent)).Ts;
        return (finding, ts);
    }

    /// <summary>Clicks a finding's button on an alert and returns the modal views.open received.</summary>
    private async Task<JsonElement> ClickAsync(string actionId, FindingRef finding, string parentTs, string channel = SlackFake.DefaultChannel)
    {
        var before = _host.Slack.CallsTo("views.open").Count;
        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(actionId, FindingButtonValue.Encode(finding)!, channel, parentTs, user: BotTestHost.Approver));
        return (await _host.Slack.WaitForCallsAsync("views.open", before + 1)).Last().Body.GetProperty("view");
    }
}

using SecHubBot.Bot.Handlers;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Handlers;

/// <summary>/sechub over real Socket Mode against the fakes.</summary>
public sealed class SlashCommandJourneyTests : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("explain")]
    [InlineData("explain    ")]
    [InlineData("explain two words")]
    [InlineData("frobnicate the thing")]
    public async Task Sechub_GarbageOrMissingArgument_UsageWithin3Seconds(string text)
    {
        var envelope = await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", text));

        var ack = await envelope.Acked.WaitAsync(BotTestHost.Wait);

        Assert.True(envelope.AckLatency < TimeSpan.FromSeconds(3));
        Assert.Equal("ephemeral", ack!.Value.GetProperty("response_type").GetString());
        Assert.Contains("/sechub explain <finding id or ARN>", ack.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _host.SecurityHub.GetFindingsCalls);
    }

    [Fact]
    public async Task Sechub_TooLongId_Usage()
    {
        var envelope = await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + new string('a', 600)));

        var ack = await envelope.Acked.WaitAsync(BotTestHost.Wait);

        Assert.Contains("longer than a finding Id", ack!.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sechub_Help_ListsCommands()
    {
        var envelope = await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "help"));

        var ack = await envelope.Acked.WaitAsync(BotTestHost.Wait);

        Assert.Equal(SlashCommandHandler.Usage, ack!.Value.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SechubExplain_KnownFinding_PostsAlertThreadThatAnswersFollowUps()
    {
        var envelope = await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + BotTestHost.FindingId, channel: "C0OTHER", user: BotTestHost.Approver));
        var ack = await envelope.Acked.WaitAsync(BotTestHost.Wait);
        Assert.Contains("Looking up", ack!.Value.GetProperty("text").GetString(), StringComparison.Ordinal);

        await BotTestHost.Until(() => _host.Slack.Messages("C0OTHER").Count == 1 && _host.BotReplies(_host.Slack.Messages("C0OTHER")[0].Ts, "C0OTHER").Count == 1, "the alert thread");
        var parent = _host.Slack.Messages("C0OTHER")[0];
        Assert.Equal(BotTestHost.FindingId, parent.Metadata!.Value.GetProperty("event_payload").GetProperty("finding_id").GetString());

        await _host.ReplyAsync(parent.Ts, "how do I fix this in CDK?", channel: "C0OTHER");
        await BotTestHost.Until(() => _host.BotReplies(parent.Ts, "C0OTHER").Any(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true), "the follow-up answer");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SechubExplain_OcsfMetadataOrFindingInfoUid_PostsAlertThread(bool byMetadataUid)
    {
        _host.SecurityHub.SeedOcsf([SyntheticOcsfFindings.Detection(3)]);
        var id = byMetadataUid ? SyntheticOcsfFindings.MetadataUidOf(3) : SyntheticOcsfFindings.FindingInfoUidOf(3);

        await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + id, channel: "C0OCSF", user: BotTestHost.GroupMember));

        await BotTestHost.Until(() => _host.Slack.Messages("C0OCSF").Count == 1, "the alert");
        var metadata = _host.Slack.Messages("C0OCSF")[0].Metadata!.Value.GetProperty("event_payload");
        Assert.Equal(SyntheticOcsfFindings.MetadataUidOf(3), metadata.GetProperty("finding_id").GetString());
        Assert.True(_host.SecurityHub.GetFindingsV2Calls >= 1);
        Assert.Empty(_host.SecurityHub.ModelViolations);
    }

    [Fact]
    public async Task SechubExplain_ResolvedFinding_AlertShowsStateAndReopen()
    {
        var id = SyntheticFindings.IdOf(7);
        var resolved = System.Text.Json.Nodes.JsonNode.Parse(SyntheticFindings.Control(7).GetRawText())!;
        resolved["Workflow"] = new System.Text.Json.Nodes.JsonObject { ["Status"] = "RESOLVED" };
        resolved["Note"] = new System.Text.Json.Nodes.JsonObject { ["Text"] = "patched", ["UpdatedBy"] = "ops-team", ["UpdatedAt"] = "2026-11-20T10:00:00.000Z" };
        _host.SecurityHub.Seed([System.Text.Json.JsonSerializer.SerializeToElement(resolved)]);

        await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + id, channel: "C0THIRD", user: BotTestHost.GroupMember));

        await BotTestHost.Until(() => _host.Slack.Messages("C0THIRD").Count == 1, "the alert");
        var blocks = _host.Slack.Messages("C0THIRD")[0].Blocks!.Value.GetRawText();
        Assert.Contains("sechub_reopen", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("\"sechub_resolve\"", blocks, StringComparison.Ordinal);
        Assert.Contains("patched", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SechubExplain_UnknownFinding_EphemeralNotFound()
    {
        var responseUrl = _host.Slack.NewResponseUrl();
        await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + SyntheticFindings.IdOf(99), user: BotTestHost.Approver, responseUrl: responseUrl));

        await BotTestHost.Until(() => _host.Slack.ResponseUrlPosts(responseUrl).Count == 1, "the ephemeral answer");
        var post = _host.Slack.ResponseUrlPosts(responseUrl)[0];
        Assert.Equal("ephemeral", post.GetProperty("response_type").GetString());
        Assert.Contains("No finding", post.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task SechubExplain_AccessDenied_EphemeralNamesIamAction()
    {
        _host.SecurityHub.DeniedOperations["GetFindings"] = true;
        var responseUrl = _host.Slack.NewResponseUrl();
        await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + BotTestHost.FindingId, user: BotTestHost.Approver, responseUrl: responseUrl));

        await BotTestHost.Until(() => _host.Slack.ResponseUrlPosts(responseUrl).Count == 1, "the ephemeral answer");
        Assert.Contains("securityhub:GetFindings", _host.Slack.ResponseUrlPosts(responseUrl)[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SechubExplain_BotNotInChannel_EphemeralSaysHowToInvite()
    {
        _host.Slack.FailNext("chat.postMessage", "not_in_channel");
        var responseUrl = _host.Slack.NewResponseUrl();
        await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + BotTestHost.FindingId, user: BotTestHost.Approver, responseUrl: responseUrl));

        await BotTestHost.Until(() => _host.Slack.ResponseUrlPosts(responseUrl).Count == 1, "the ephemeral answer");
        Assert.Contains("/invite @SecHubBot", _host.Slack.ResponseUrlPosts(responseUrl)[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SechubExplain_NeitherViewerNorApprover_DeniedWithoutTheFinding()
    {
        var responseUrl = _host.Slack.NewResponseUrl();
        var envelope = await _host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + BotTestHost.FindingId, channel: "D0DIRECT", user: BotTestHost.Person, responseUrl: responseUrl));
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await _host.DrainAsync();

        var said = string.Join("\n", _host.Slack.ResponseUrlPosts(responseUrl).Select(p => p.GetProperty("text").GetString()));
        Assert.Contains("Authorization:Viewers", said, StringComparison.Ordinal);
        Assert.DoesNotContain(BotTestHost.Finding.Title, said, StringComparison.Ordinal);
        Assert.Equal(0, _host.SecurityHub.GetFindingsCalls);
        Assert.Empty(_host.Slack.CallsTo("chat.postMessage"));
        Assert.Empty(_host.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task SechubExplain_ListedViewer_PostsTheAlert()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Authorization:Viewers"] = "U0VIEWER" });

        await host.Slack.SocketMode.SendSlashCommandAsync(SlackFakePayloads.SlashCommand("/sechub", "explain " + BotTestHost.FindingId, channel: "C0OTHER", user: "U0VIEWER"));

        await BotTestHost.Until(() => host.Slack.Messages("C0OTHER").Count == 1, "the alert");
    }
}

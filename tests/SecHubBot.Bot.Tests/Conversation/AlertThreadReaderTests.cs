using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 13 item 3: <c>sechub_finding</c> metadata is only ours when this app posted the message. Another app,
/// a workflow or a user token can post the same metadata naming any finding; the Bot must not answer about it.
/// </summary>
public sealed class AlertThreadReaderTests : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync();
        _host.Slack.StatusRefusal = "missing_scope";
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ThreadReply_ParentWithOurMetadataPostedByAnotherApp_NotAnswered()
    {
        var forgedTs = await ForgedAlertAsync();

        var (envelope, _) = await _host.ReplyAsync(forgedTs, "what should I do about this finding?");
        await envelope.Acked.WaitAsync(BotTestHost.Wait);
        await _host.DrainAsync();

        Assert.Equal(0, _host.Bedrock.Calls);
        Assert.Equal(0, _host.SecurityHub.GetFindingsCalls);
        Assert.Empty(_host.BotReplies(forgedTs));
    }

    [Fact]
    public async Task SuggestionClick_InThreadOfAnotherAppsMessage_NotAnswered()
    {
        var forgedTs = await ForgedAlertAsync();
        var payload = System.Text.Json.Nodes.JsonNode.Parse(SlackFakePayloads.BlockAction(
            Core.Alerts.AnswerActions.SuggestActionIds[0], new Core.Alerts.SuggestionValue("more_detail", forgedTs).Format(), SlackFake.DefaultChannel, forgedTs, user: BotTestHost.Person).GetRawText())!;
        payload["message"]!["thread_ts"] = forgedTs;

        var click = await _host.Slack.SocketMode.SendInteractiveAsync(System.Text.Json.JsonSerializer.SerializeToElement(payload));
        await click.Acked.WaitAsync(BotTestHost.Wait);
        await _host.DrainAsync();

        Assert.Equal(0, _host.Bedrock.Calls);
        Assert.Empty(_host.BotReplies(forgedTs));
    }

    [Fact]
    public async Task ThreadReply_OurAlert_StillAnswered()
    {
        var parentTs = await _host.PostAlertAsync();

        await _host.ReplyAsync(parentTs, "how do I fix this?");

        await BotTestHost.Until(() => _host.BotReplies(parentTs).Any(m => m.Text?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        Assert.Equal(1, _host.Bedrock.Calls);
    }

    /// <summary>A copy of our alert's metadata on a message someone else posted (here a user token: no bot_id).</summary>
    private async Task<string> ForgedAlertAsync()
    {
        var realTs = await _host.PostAlertAsync();
        var metadata = _host.Slack.Messages(SlackFake.DefaultChannel).Single(m => m.Ts == realTs).Metadata;
        Assert.NotNull(metadata);
        return _host.Slack.AddMessage(SlackFake.DefaultChannel, "Critical finding, ask me anything", user: "U0INTRUDER", metadata: metadata);
    }
}

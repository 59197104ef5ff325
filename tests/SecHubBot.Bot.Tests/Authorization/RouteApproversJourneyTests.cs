using System.Text.Json;
using SecHubBot.Bot.Actions;
using SecHubBot.Bot.Conversation;
using SecHubBot.Core.Alerts;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Authorization;

/// <summary>Routing in the Bot, over the real Socket Mode connection: routed channels, per-route approvers, the route's IaC flavour.</summary>
public sealed class RouteApproversJourneyTests : IAsyncLifetime
{
    private const string TeamChannel = "C0TEAMPAY1";
    private const string TeamLead = "U0TEAMLEAD";

    private BotTestHost _host = null!;

    private static string ButtonValue => FindingButtonValue.Encode(BotTestHost.Finding.Ref)!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.CreateFakesAsync();
        _host.Slack.AddUser(TeamLead, "tess", "Tess Lead", displayName: "Tess");

        // The seeded finding (account 123456789012) belongs to the payments team: their channel, their approver, CDK.
        await _host.StartBotAsync(new Dictionary<string, string?>
        {
            ["Routing:Rules:0:Channel"] = TeamChannel,
            ["Routing:Rules:0:Accounts:0"] = "123456789012",
            ["Routing:Rules:0:Approvers:0"] = TeamLead,
            ["Routing:Rules:0:IacFlavor"] = "cdk",
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Resolve_RuleApproverInRoutedChannel_Applied()
    {
        var parentTs = await _host.PostAlertAsync(TeamChannel);

        var modal = await ClickForModalAsync(TeamChannel, parentTs, TeamLead);
        Assert.Null(await _host.SubmitReasonAsync(modal, "fixed in the CDK stack", TeamLead));

        Assert.Equal("RESOLVED", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
    }

    [Fact]
    public async Task ResolveClick_GlobalApproverNotTheRouteApprover_RefusedNamingTheRouteApprovers()
    {
        var parentTs = await _host.PostAlertAsync(TeamChannel);

        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.Resolve, ButtonValue, TeamChannel, parentTs, user: BotTestHost.Approver));

        var ephemeral = Assert.Single(await _host.Slack.WaitForCallsAsync("chat.postEphemeral", 1));
        var text = ephemeral.Body.GetProperty("text").GetString()!;
        Assert.Contains($"<@{TeamLead}>", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"<@{BotTestHost.Approver}>", text, StringComparison.Ordinal);
        Assert.Empty(_host.Slack.CallsTo("views.open"));
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
    }

    [Fact]
    public async Task Submit_GlobalApproverOnAFindingRoutedToATeam_RefusedByTheFindingsRoute()
    {
        // An alert of this finding in Slack:Channel (posted before the rule existed): the channel lets the global
        // approver open the form, but the finding's route decides, and it names the team lead only.
        var parentTs = await _host.PostAlertAsync(SlackFake.DefaultChannel);
        var modal = await ClickForModalAsync(SlackFake.DefaultChannel, parentTs, BotTestHost.Approver);

        var ack = await _host.SubmitReasonAsync(modal, "fixed", BotTestHost.Approver);

        Assert.Contains("not (or no longer) an approver", ack!.Value.GetProperty("errors").GetProperty(ReasonModal.ReasonBlockId).GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _host.SecurityHub.BatchUpdateCalls);
        Assert.Equal("NEW", (string?)_host.SecurityHub.Find(BotTestHost.FindingId)!["Workflow"]!["Status"]);
    }

    [Fact]
    public async Task ResolveClick_ChannelNoRulePostsTo_TheRouteApproverGetsTheModal()
    {
        // A thread /sechub explain opened outside the routed channels: the finding's route still decides who may act.
        var parentTs = await _host.PostAlertAsync("C0ELSEWHERE1");

        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.Resolve, ButtonValue, "C0ELSEWHERE1", parentTs, user: TeamLead));

        Assert.Single(await _host.Slack.WaitForCallsAsync("views.open", 1));
        Assert.Empty(_host.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task ThreadReply_InRoutedChannel_PromptAsksForTheRoutesFlavour()
    {
        var parentTs = await _host.PostAlertAsync(TeamChannel);

        await _host.ReplyAsync(parentTs, "how do I fix this?", channel: TeamChannel);

        await BotTestHost.Until(() => _host.Bedrock.Invocations.Count == 1, "the model call");
        Assert.Contains("writes AWS CDK (TypeScript)", Assert.Single(_host.Bedrock.Invocations).PromptText, StringComparison.Ordinal);
        await _host.DrainAsync();
    }

    private async Task<JsonElement> ClickForModalAsync(string channel, string parentTs, string user)
    {
        await _host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(AlertActionIds.Resolve, ButtonValue, channel, parentTs, user: user));
        return (await _host.Slack.WaitForCallsAsync("views.open", 1)).Last().Body.GetProperty("view");
    }
}

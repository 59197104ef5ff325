using System.Net;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

/// <summary>
/// Issue 13 item 7: a signed request is good for Slack's 5-minute window, so one captured on the way (a proxy
/// log, a debugging dump) could be sent again inside it. Each signed request is handled once.
/// </summary>
public sealed class HttpTransportTests
{
    [Fact]
    public async Task HandleAsync_ReplayedResolveSubmission_RejectedAndNotAppliedAgain()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        var parentTs = await host.PostAlertAsync();
        using var http = new HttpClient();
        var value = Core.Alerts.FindingButtonValue.Encode(BotTestHost.Finding.Ref)!;
        using var click = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/interactions"), "application/x-www-form-urlencoded",
            SlackFakePayloads.AsInteractionForm(SlackFakePayloads.BlockAction(Core.Alerts.AlertActionIds.Resolve, value, SlackFake.DefaultChannel, parentTs, user: BotTestHost.Approver)));
        using var clickResponse = await http.SendAsync(click);
        var modal = (await host.Slack.WaitForCallsAsync("views.open", 1))[0].Body.GetProperty("view");
        var form = SlackFakePayloads.AsInteractionForm(BotTestHost.ReasonSubmission(modal, "patched in change 42", BotTestHost.Approver));
        var signedAt = DateTimeOffset.UtcNow;

        using var submit = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/interactions"), "application/x-www-form-urlencoded", form, signedAt);
        using var submitResponse = await http.SendAsync(submit);
        await host.DrainAsync();
        var auditReplies = host.BotReplies(parentTs).Count;
        using var replay = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/interactions"), "application/x-www-form-urlencoded", form, signedAt);
        using var replayResponse = await http.SendAsync(replay);
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, submitResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayResponse.StatusCode);
        Assert.Equal(1, host.SecurityHub.BatchUpdateCalls);
        Assert.Equal(auditReplies, host.BotReplies(parentTs).Count);
    }

    [Fact]
    public async Task HandleAsync_ReplayedSlashCommand_Rejected()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        using var http = new HttpClient();
        var form = SlackFakePayloads.AsSlashCommandForm(SlackFakePayloads.SlashCommand("/sechub", "help"));
        var signedAt = DateTimeOffset.UtcNow;

        using var first = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/commands"), "application/x-www-form-urlencoded", form, signedAt);
        using var firstResponse = await http.SendAsync(first);
        using var replay = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/commands"), "application/x-www-form-urlencoded", form, signedAt);
        using var replayResponse = await http.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayResponse.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_DeclaredBodyOverTheLimit_RejectedBeforeReading()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        using var http = new HttpClient();
        using var huge = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUri, "slack/events"))
        {
            Content = new ByteArrayContent(new byte[(1024 * 1024) + 1]),
        };
        huge.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Host;

/// <summary>The host itself: health, HTTP mode, configuration validation, graceful shutdown.</summary>
public sealed class BotHostTests
{
    [Fact]
    public async Task Readyz_SocketModeConnected_Ready()
    {
        await using var host = await BotTestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        Assert.Equal("ok", await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
        Assert.Equal("ready", await http.GetStringAsync(new Uri("readyz", UriKind.Relative)));
        var metrics = Health.PrometheusText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        Assert.Equal(2, metrics.Value("sechubbot_socket_mode_connections", ""));
        Assert.Equal("counter", metrics.Types["sechubbot_followup_answers_total"]);
    }

    [Fact]
    public async Task HttpMode_SignedRequests_AnsweredAndUnsignedRejected()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        using var http = new HttpClient();

        using var challenge = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/events"), "application/json", SlackFakePayloads.UrlVerification("c-123"));
        using var challengeResponse = await http.SendAsync(challenge);
        Assert.Equal("c-123", await challengeResponse.Content.ReadAsStringAsync());

        using var help = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/commands"), "application/x-www-form-urlencoded",
            SlackFakePayloads.AsSlashCommandForm(SlackFakePayloads.SlashCommand("/sechub", "help")));
        using var helpResponse = await http.SendAsync(help);
        using var body = JsonDocument.Parse(await helpResponse.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());

        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUri, "slack/commands"))
        {
            Content = new StringContent("command=%2Fsechub&text=help", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var forgedResponse = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);

        using var sslCheck = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUri, "slack/commands"))
        {
            Content = new StringContent("ssl_check=1&token=legacy", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var sslCheckResponse = await http.SendAsync(sslCheck);
        Assert.Equal(HttpStatusCode.OK, sslCheckResponse.StatusCode);
        Assert.Equal("ready", await http.GetStringAsync(new Uri(host.BaseUri, "readyz")));
    }

    [Fact]
    public async Task HttpMode_ThreadReply_AnsweredAfterTheAck()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        var parentTs = await host.PostAlertAsync();
        var ts = host.Slack.AddMessage(SlackFake.DefaultChannel, "why does it matter?", parentTs, BotTestHost.Person);
        using var http = new HttpClient();

        using var request = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/events"), "application/json",
            SlackFakePayloads.Message(SlackFake.DefaultChannel, "why does it matter?", parentTs, BotTestHost.Person, ts).GetRawText());
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Slack's retry of the same event (X-Slack-Retry-Num) while the answer is under way: dropped.
        using var retry = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/events"), "application/json",
            SlackFakePayloads.Message(SlackFake.DefaultChannel, "why does it matter?", parentTs, BotTestHost.Person, ts, eventId: EventIdOf(request)).GetRawText(), retryNum: 1);
        using var retryResponse = await http.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, retryResponse.StatusCode);

        await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true), "the answer");
        await Task.Delay(300);
        Assert.Equal(1, host.Bedrock.Calls);
        Assert.Equal(2, host.BotReplies(parentTs).Count);
    }

    [Fact]
    public async Task HttpMode_ReasonModal_ErrorsComeBackInTheResponseBody()
    {
        await using var host = await BotTestHost.StartAsync(httpMode: true);
        var parentTs = await host.PostAlertAsync();
        using var http = new HttpClient();
        var value = Core.Alerts.FindingButtonValue.Encode(BotTestHost.Finding.Ref)!;

        using var click = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/interactions"), "application/x-www-form-urlencoded",
            SlackFakePayloads.AsInteractionForm(SlackFakePayloads.BlockAction(Core.Alerts.AlertActionIds.Resolve, value, SlackFake.DefaultChannel, parentTs, user: BotTestHost.Approver)));
        using var clickResponse = await http.SendAsync(click);
        Assert.Equal(HttpStatusCode.OK, clickResponse.StatusCode);
        var modal = (await host.Slack.WaitForCallsAsync("views.open", 1))[0].Body.GetProperty("view");

        var submission = SlackFakePayloads.ViewSubmission(
            SecHubBot.Bot.Actions.ReasonModal.CallbackId,
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [SecHubBot.Bot.Actions.ReasonModal.ReasonBlockId] = new Dictionary<string, string> { [SecHubBot.Bot.Actions.ReasonModal.ReasonActionId] = " " } },
            modal.GetProperty("private_metadata").GetString(),
            BotTestHost.Approver);
        using var submit = SlackFake.SignedRequest(new Uri(host.BaseUri, "slack/interactions"), "application/x-www-form-urlencoded", SlackFakePayloads.AsInteractionForm(submission));
        using var submitResponse = await http.SendAsync(submit);
        using var body = JsonDocument.Parse(await submitResponse.Content.ReadAsStringAsync());

        Assert.Equal("errors", body.RootElement.GetProperty("response_action").GetString());
        Assert.Equal(0, host.SecurityHub.BatchUpdateCalls);
    }

    private static string EventIdOf(HttpRequestMessage request)
    {
        using var body = JsonDocument.Parse(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
        return body.RootElement.GetProperty("event_id").GetString()!;
    }

    [Theory]
    [InlineData("Slack:BotToken", "Slack:BotToken (or SLACK_BOT_TOKEN) is required")]
    [InlineData("Aws:Region", "Aws:Region (or AWS_REGION) is required")]
    public async Task Start_MissingKey_FailsNamingTheKey(string key, string expected)
    {
        await using var fakes = await BotTestHost.CreateFakesAsync();
        var config = fakes.Configuration(httpMode: false);
        config[key] = null;
        config["Explain:Mode"] = "offline";

        await using var app = BotTestHost.Build(config);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bot:ReplyMode", "sometimes")]
    [InlineData("Authorization:Approvers", "alice")]
    [InlineData("Bot:AnswerUpdateInterval", "00:00:00.010")]
    public async Task Start_InvalidValue_FailsNamingTheKey(string key, string value)
    {
        await using var fakes = await BotTestHost.CreateFakesAsync();
        var config = fakes.Configuration(httpMode: false);
        config[key] = value;
        config["Explain:Mode"] = "offline";

        await using var app = BotTestHost.Build(config);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpModeWithoutSigningSecret_FailsNamingTheKey()
    {
        await using var fakes = await BotTestHost.CreateFakesAsync();
        var config = fakes.Configuration(httpMode: true);
        config["Slack:SigningSecret"] = null;

        await using var app = BotTestHost.Build(config);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Slack:SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_AnswerInFlight_FinishesBeforeTheHostStops()
    {
        var host = await BotTestHost.StartAsync();
        try
        {
            host.Bedrock.Delay = TimeSpan.FromSeconds(1);
            var parentTs = await host.PostAlertAsync();
            await host.ReplyAsync(parentTs, "quick question");
            await BotTestHost.Until(() => host.BotReplies(parentTs).Count == 2, "the placeholder");

            await host.StopBotAsync();

            Assert.Contains(host.BotReplies(parentTs), m => m.Content?.Contains("Written by AI", StringComparison.Ordinal) == true);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}

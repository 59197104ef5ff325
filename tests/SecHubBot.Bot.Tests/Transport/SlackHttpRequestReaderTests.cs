using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SecHubBot.Bot.Transport.Http;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Fakes.Logging;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

public sealed class SlackHttpRequestReaderTests
{
    private readonly SlackHttpRequestReader _reader = new();

    [Fact]
    public void Read_UrlVerification_ReturnsChallenge()
    {
        var result = _reader.Read("application/json", Encoding.UTF8.GetBytes(SlackFakePayloads.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")));

        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", result?.Challenge);
        Assert.Null(result?.Request);
    }

    [Fact]
    public async Task Read_EventCallbackWithRetryHeaders_IsEventsApiRequestWithRetry()
    {
        var body = SlackFakePayloads.Message("C1", "hi", threadTs: "1.000001", eventId: "Ev1");

        var result = _reader.Read("application/json; charset=utf-8", Encoding.UTF8.GetBytes(body.GetRawText()), retryNum: "1", retryReason: "http_timeout");
        var request = result!.Request!;
        await request.AckAsync();

        Assert.Equal(SlackRequestKind.EventsApi, request.Kind);
        Assert.Equal(1, request.RetryNum);
        Assert.Equal("http_timeout", request.RetryReason);
        Assert.Equal("Ev1", request.EventId);
        Assert.Equal("message", Assert.IsType<EventCallbackPayload>(request.Payload).Event?.Type);
        Assert.Null(await result.Acknowledged);
    }

    [Fact]
    public async Task Read_InteractionForm_IsInteractiveRequestAndAckPayloadReachesResponse()
    {
        var payload = SlackFakePayloads.ViewSubmission("resolve", new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["reason"] = new Dictionary<string, string> { ["reason"] = "fixed in prod & tested" },
        });

        var result = _reader.Read("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(SlackFakePayloads.AsInteractionForm(payload)));
        var request = result!.Request!;
        using var errors = JsonDocument.Parse("""{"response_action":"errors","errors":{"reason":"too short"}}""");
        await request.AckAsync(errors.RootElement.Clone());

        Assert.Equal(SlackRequestKind.Interactive, request.Kind);
        var submission = Assert.IsType<ViewSubmissionPayload>(request.Payload);
        Assert.True(request.AcceptsResponsePayload);
        Assert.Equal("fixed in prod & tested", submission.View?.ValueOf("reason", "reason"));
        Assert.Equal("errors", (await result.Acknowledged)?.GetProperty("response_action").GetString());
    }

    [Fact]
    public void Read_SlashCommandForm_IsSlashCommandWithFieldsAsJson()
    {
        var form = "command=%2Fsechub&text=explain+arn%3Aaws%3Asecurityhub%3A1&user_id=U1&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=13345224609.738474920.8088930838d88f008e0";

        var request = _reader.Read("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(form))!.Request!;

        Assert.Equal(SlackRequestKind.SlashCommand, request.Kind);
        var command = Assert.IsType<SlashCommandPayload>(request.Payload);
        Assert.Equal("/sechub", command.Command);
        Assert.Equal("explain arn:aws:securityhub:1", command.Text);
        Assert.Equal(new Uri("https://hooks.slack.com/commands/1"), command.ResponseUri);
        Assert.Equal(0, request.RetryNum);
    }

    [Theory]
    [InlineData("application/json", "not json")]
    [InlineData("application/json", "[1,2]")]
    [InlineData("text/plain", "hello")]
    [InlineData("application/x-www-form-urlencoded", "foo=bar")]
    public void Read_UnknownShapes_ReturnsNull(string contentType, string body)
    {
        Assert.Null(_reader.Read(contentType, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void SignedRequest_FromFake_VerifiesWithTheFakeSecret()
    {
        var body = SlackFakePayloads.UrlVerification("c");
        using var message = SlackFake.SignedRequest(new Uri("http://127.0.0.1/slack/events"), "application/json", body);
        var verifier = new SlackRequestVerifier(SlackFake.SigningSecret, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var result = verifier.Verify(
            message.Headers.GetValues(SlackRequestVerifier.TimestampHeader).Single(),
            message.Headers.GetValues(SlackRequestVerifier.SignatureHeader).Single(),
            Encoding.UTF8.GetBytes(body));

        Assert.Equal(SlackSignatureResult.Valid, result);
    }

    [Fact]
    public async Task WaitForAckAsync_HandlerNeverAcks_ReturnsNullAtDeadlineAndLaterAckIsIgnored()
    {
        var logs = new CapturedLogs();
        var reader = new SlackHttpRequestReader(logs.For<SlackRequest>());
        var http = reader.Read("application/json", Encoding.UTF8.GetBytes(SlackFakePayloads.Message("C1", "x").GetRawText()))!;
        var release = new TaskCompletionSource();

        var answer = await http.WaitForAckAsync(release.Task, TimeSpan.FromMilliseconds(50));
        await http.Request!.AckAsync();

        Assert.Null(answer);
        Assert.Contains(logs.Lines, l => l.Contains("acknowledged twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForAckAsync_HandlerAcksWithPayloadThenWorks_ReturnsPayloadBeforeWorkEnds()
    {
        var form = SlackFakePayloads.AsSlashCommandForm(SlackFakePayloads.SlashCommand("/sechub", "help"));
        var http = _reader.Read("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(form))!;
        var slowWork = new TaskCompletionSource();
        var handling = Task.Run(async () =>
        {
            using var reply = JsonDocument.Parse("""{"text":"usage: /sechub explain <id>"}""");
            await http.Request!.AckAsync(reply.RootElement.Clone());
            await slowWork.Task;
        });

        var answer = await http.WaitForAckAsync(handling, TimeSpan.FromSeconds(10));

        Assert.Equal("usage: /sechub explain <id>", answer?.GetProperty("text").GetString());
        Assert.False(handling.IsCompleted);
        slowWork.SetResult();
        await handling;
    }
}

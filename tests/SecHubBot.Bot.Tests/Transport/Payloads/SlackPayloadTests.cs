using System.Text.Json;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport.Payloads;

/// <summary>Slack's bodies decoded once into typed records, from the payload shapes Slack documents.</summary>
public sealed class SlackPayloadTests
{
    [Fact]
    public void Decode_BlockActions_FirstActionWithWhoWhereAndTrigger()
    {
        var responseUrl = new Uri("https://hooks.slack.test/actions/1");

        var payload = SlackPayload.Decode(SlackRequestKind.Interactive, SlackFakePayloads.BlockAction("sechub_resolve", "v1", "C9", "1.000001", user: "U7", responseUrl: responseUrl, triggerId: "t.1"));

        var action = Assert.IsType<BlockActionsPayload>(payload).First;
        Assert.Equal(new BlockAction("sechub_resolve", "v1", "U7", "C9", "1.000001", null, "t.1", responseUrl) { Workspace = SlackFake.TeamId, UserTeam = SlackFake.TeamId }, action);
    }

    [Fact]
    public void Decode_BlockActionsWithoutContainer_FallsBackToChannelAndMessage()
    {
        var body = Parse("""{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C2"},"message":{"ts":"3.0","thread_ts":"2.0"},"actions":[{"action_id":"a","type":"button"}],"response_url":"not a url"}""");

        var action = Assert.IsType<BlockActionsPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, body)).First!;

        Assert.Equal(("C2", "3.0", "2.0"), (action.Channel, action.MessageTs, action.ThreadTs));
        Assert.Null(action.Value);
        Assert.Null(action.ResponseUrl);
    }

    [Fact]
    public void Decode_BlockActionsWithoutUserOrActions_HasNoFirstAction()
    {
        Assert.Null(Assert.IsType<BlockActionsPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, Parse("""{"type":"block_actions","actions":[{"action_id":"a"}]}"""))).First);
        Assert.Null(Assert.IsType<BlockActionsPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, Parse("""{"type":"block_actions","user":{"id":"U1"},"actions":[]}"""))).First);
    }

    [Fact]
    public void Decode_ViewSubmission_ReadsCallbackMetadataUserAndInputValues()
    {
        var body = SlackFakePayloads.ViewSubmission(
            "sechub_reason",
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["reason"] = new Dictionary<string, string> { ["reason"] = "fixed" } },
            privateMetadata: """{"action":"resolve"}""",
            user: "U3");

        var submission = Assert.IsType<ViewSubmissionPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, body));

        Assert.Equal("U3", submission.User?.Id);
        Assert.Equal("sechub_reason", submission.View?.CallbackId);
        Assert.Equal("""{"action":"resolve"}""", submission.View?.PrivateMetadata);
        Assert.Equal("fixed", submission.View?.ValueOf("reason", "reason"));
        Assert.Null(submission.View?.ValueOf("reason", "other"));
        Assert.Null(submission.View?.ValueOf("other", "reason"));
    }

    [Fact]
    public void Decode_SlashCommand_ReadsFieldsAndResponseUrl()
    {
        var responseUrl = new Uri("https://hooks.slack.test/commands/1");

        var command = Assert.IsType<SlashCommandPayload>(SlackPayload.Decode(SlackRequestKind.SlashCommand, SlackFakePayloads.SlashCommand("/sechub", "help", channel: "C8", user: "U6", responseUrl: responseUrl)));

        Assert.Equal(("/sechub", "help", "U6", "C8", responseUrl), (command.Command, command.Text, command.UserId, command.ChannelId, command.ResponseUri));
        Assert.NotNull(command.TriggerId);
    }

    [Fact]
    public void Decode_MessageEvent_ReadsEventAndEventId()
    {
        var payload = Assert.IsType<EventCallbackPayload>(SlackPayload.Decode(SlackRequestKind.EventsApi, SlackFakePayloads.Message("C5", "hi", threadTs: "1.0", user: "U5", ts: "2.0", eventId: "Ev5")));

        Assert.Equal("Ev5", payload.EventId);
        Assert.Equal(("message", "C5", "U5", "hi", "2.0", "1.0"), (payload.Event?.Type, payload.Event?.Channel, payload.Event?.User, payload.Event?.Text, payload.Event?.Ts, payload.Event?.ThreadTs));
        Assert.Null(payload.Event?.BotId);
    }

    [Theory]
    [InlineData("""{"type":"view_closed","view":{"callback_id":"x"}}""", "view_closed")]
    [InlineData("""{"type":"shortcut","callback_id":"x"}""", "shortcut")]
    [InlineData("""{"actions":[]}""", null)]
    public void Decode_InteractionNoHandlerModels_IsOtherPayload(string json, string? type)
    {
        var payload = Assert.IsType<OtherPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, Parse(json)));

        Assert.Equal(type, payload.Type);
        Assert.False(payload.Unreadable);
    }

    [Theory]
    [InlineData("""{"type":"block_actions","user":"U1"}""")]
    [InlineData("""{"type":"block_actions","actions":{"action_id":"a"}}""")]
    [InlineData("""{"type":"view_submission","view":{"private_metadata":42}}""")]
    [InlineData("""{"type":5}""")]
    public void Decode_FieldOfUnexpectedKind_IsUnreadableOtherPayloadNotAnException(string json)
    {
        Assert.True(Assert.IsType<OtherPayload>(SlackPayload.Decode(SlackRequestKind.Interactive, Parse(json))).Unreadable);
    }

    [Fact]
    public void Decode_EventsApiNotice_IsOtherPayload()
    {
        Assert.Equal("app_rate_limited", Assert.IsType<OtherPayload>(SlackPayload.Decode(SlackRequestKind.EventsApi, Parse("""{"type":"app_rate_limited","minute_rate_limited":1518467820}"""))).Type);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

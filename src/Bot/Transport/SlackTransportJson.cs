using System.Text.Json.Serialization;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Bot.Transport.SocketMode;

namespace SecHubBot.Bot.Transport;

/// <summary>Source-generated JSON for what the transports read from and write to Slack (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SocketModeAck))]
[JsonSerializable(typeof(SocketModeEnvelope))]
[JsonSerializable(typeof(OtherPayload))]
[JsonSerializable(typeof(UrlVerificationPayload))]
[JsonSerializable(typeof(EventCallbackPayload))]
[JsonSerializable(typeof(BlockActionsPayload))]
[JsonSerializable(typeof(ViewSubmissionPayload))]
[JsonSerializable(typeof(SlashCommandPayload))]
[JsonSerializable(typeof(ViewErrorsAck))]
internal sealed partial class SlackTransportJson : JsonSerializerContext;

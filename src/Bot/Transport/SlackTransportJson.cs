using System.Text.Json.Serialization;
using SecHubBot.Bot.Transport.SocketMode;

namespace SecHubBot.Bot.Transport;

/// <summary>Source-generated JSON for what the transports read from and write to Slack (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SocketModeAck))]
internal sealed partial class SlackTransportJson : JsonSerializerContext;

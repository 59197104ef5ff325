using System.Text.Json;

namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// The acknowledgement frame: <c>{"envelope_id":"…"}</c>, or with a payload when the envelope
/// accepts one (a slash command's reply, a view_submission's response_action).
/// </summary>
public sealed record SocketModeAck(string EnvelopeId, JsonElement? Payload = null);

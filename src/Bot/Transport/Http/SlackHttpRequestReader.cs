using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Transport.Http;

/// <summary>
/// Turns the three bodies Slack POSTs in HTTP mode into the same <see cref="SlackRequest"/> Socket Mode
/// produces, so one dispatcher serves both:
/// Events API JSON (<c>event_callback</c>, or <c>url_verification</c> with a challenge),
/// interactions (form field <c>payload</c> holding JSON), and slash commands (form fields).
/// Verify the signature on the raw bytes first (<see cref="SlackRequestVerifier"/>).
/// </summary>
public sealed class SlackHttpRequestReader(ILogger<SlackRequest>? requestLogger = null)
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    /// <summary>
    /// Reads one request. <paramref name="retryNum"/> and <paramref name="retryReason"/> are the raw
    /// X-Slack-Retry-Num / X-Slack-Retry-Reason header values (absent on a first delivery).
    /// Returns null when the body is none of the three shapes (answer 400).
    /// </summary>
    public SlackHttpRequest? Read(string? contentType, ReadOnlySpan<byte> body, string? retryNum = null, string? retryReason = null)
    {
        var retry = int.TryParse(retryNum, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var mediaType = contentType?.Split(';', 2)[0].Trim();

        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadEventsApi(body, retry, retryReason);
        }

        if (string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var fields = ParseForm(Encoding.UTF8.GetString(body));
            if (fields.TryGetValue("payload", out var payloadJson))
            {
                var payload = ParseObject(Encoding.UTF8.GetBytes(payloadJson));
                return payload is { } p ? Create(SlackRequestKind.Interactive, p, retry, retryReason) : null;
            }

            if (fields.ContainsKey("command"))
            {
                return Create(SlackRequestKind.SlashCommand, FormToJson(fields), retry, retryReason);
            }
        }

        return null;
    }

    private SlackHttpRequest? ReadEventsApi(ReadOnlySpan<byte> body, int retry, string? retryReason)
    {
        if (ParseObject(body) is not { } root)
        {
            return null;
        }

        UrlVerificationPayload? head;
        try
        {
            head = root.Deserialize(SlackTransportJson.Default.UrlVerificationPayload);
        }
        catch (JsonException)
        {
            return null;
        }

        return head switch
        {
            { Type: "url_verification", Challenge: { } challenge } => SlackHttpRequest.ForChallenge(challenge),
            { Type: "url_verification" } or { Type: null } or null => null,

            // event_callback, and app_rate_limited and other notices: acknowledged; only events are dispatched.
            _ => Create(SlackRequestKind.EventsApi, root, retry, retryReason),
        };
    }

    private SlackHttpRequest Create(SlackRequestKind kind, JsonElement body, int retry, string? retryReason) =>
        SlackHttpRequest.ForRequest(ack => new SlackRequest(kind, body, ack, retry, retryReason, envelopeId: null, acceptsResponsePayload: null, requestLogger));

    private static JsonElement? ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>application/x-www-form-urlencoded: '+' is a space, then percent-decoding.</summary>
    private static Dictionary<string, string> ParseForm(string form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? string.Empty : Decode(pair[(separator + 1)..]);
            fields.TryAdd(key, value);
        }

        return fields;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static JsonElement FormToJson(Dictionary<string, string> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}

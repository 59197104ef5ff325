using System.Text.Json;

namespace SecHubBot.Fakes.Slack;

/// <summary>One Web API call the fake received, body parsed: JSON as sent, form and query fields as a JSON object of strings.</summary>
public sealed record SlackApiCall(string Method, string HttpMethod, string? ContentType, JsonElement Body, string? Token, DateTimeOffset At, bool Answered429)
{
    /// <summary>A string argument wherever it was sent (JSON property, form field, query).</summary>
    public string? Arg(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public override string ToString() => $"{Method} {Body.GetRawText()}";
}

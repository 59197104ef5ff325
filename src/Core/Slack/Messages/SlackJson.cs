using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecHubBot.Core.Slack.Messages;

/// <summary>The serializer settings for everything we send to Slack.</summary>
public static class SlackJson
{
    /// <summary>Source-generated, snake_case, nulls omitted; non-ASCII kept readable (Slack takes UTF-8 JSON).</summary>
    public static SlackJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The same, indented, for people (CLI <c>--json</c>).</summary>
    public static SlackJsonContext Indented { get; } = new(new JsonSerializerOptions(Context.Options) { WriteIndented = true });
}

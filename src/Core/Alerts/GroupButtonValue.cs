using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What a grouped alert's buttons carry: the group size only. The members are the findings whose
/// UserDefinedFields["sechubbot:thread"] is the clicked message's "&lt;channel&gt;/&lt;ts&gt;" (GetFindings by that field).
/// </summary>
public static class GroupButtonValue
{
    public static string Encode(int size) =>
        JsonSerializer.Serialize(new Payload(size), GroupButtonJsonContext.Default.Payload);

    public static bool TryDecode(string? value, out int size)
    {
        size = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(value, GroupButtonJsonContext.Default.Payload);
            size = payload?.GroupSize ?? 0;
            return size > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal sealed record Payload([property: JsonPropertyName("group_size")] int GroupSize);
}

[JsonSerializable(typeof(GroupButtonValue.Payload))]
internal sealed partial class GroupButtonJsonContext : JsonSerializerContext;

using System.Globalization;
using System.Text.Json;

namespace SecHubBot.Core.Findings;

/// <summary>
/// Tolerant accessors over <see cref="JsonElement"/>: findings come from many writers, so a number may
/// arrive as a string, a key may be lower-case, and anything may be missing or null.
/// </summary>
internal static class JsonRead
{
    /// <summary>The property named <paramref name="name"/>, matched exactly first and then ignoring case.</summary>
    public static bool TryGet(this JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>A string property; numbers and booleans are turned into their text, blank strings into null.</summary>
    public static string? String(this JsonElement element, string name) =>
        element.TryGet(name, out var value) ? AsText(value) : null;

    public static string? AsText(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>A number property, also when written as a string ("40").</summary>
    public static double? Number(this JsonElement element, string name)
    {
        if (!element.TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        return value.ValueKind == JsonValueKind.String
               && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    public static DateTimeOffset? Timestamp(this JsonElement element, string name) =>
        AsffTimestamp.TryParse(element.String(name), out var value) ? value : null;

    /// <summary>A string map (ProductFields, UserDefinedFields, Tags); non-string values keep their JSON text.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(this JsonElement element, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.Object(name) is { } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                var text = AsText(property.Value) ?? (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? property.Value.GetRawText()
                    : null);
                if (text is not null)
                {
                    map[property.Name] = text;
                }
            }
        }

        return map;
    }

    public static IReadOnlyList<string> Strings(this JsonElement element, string name) =>
        element.Array(name).Select(AsText).OfType<string>().ToArray();
}

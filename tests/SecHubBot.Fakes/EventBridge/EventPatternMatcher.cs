using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.EventBridge;

/// <summary>
/// EventBridge's event-pattern matching, for the parts our rule uses: literal value lists, nested
/// objects, <c>{"exists": bool}</c>, <c>{"prefix": "..."}</c>, <c>{"anything-but": [...]}</c> and
/// <c>$or</c>. Arrays in the event match when any element matches, as EventBridge does.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html</remarks>
public static class EventPatternMatcher
{
    public static bool Matches(JsonNode pattern, JsonNode? evt) => MatchObject(pattern.AsObject(), evt);

    private static bool MatchObject(JsonObject pattern, JsonNode? evt)
    {
        foreach (var (key, rule) in pattern)
        {
            if (key == "$or")
            {
                if (!rule!.AsArray().Any(alternative => MatchObject(alternative!.AsObject(), evt)))
                {
                    return false;
                }

                continue;
            }

            var values = Values(evt, key).ToArray();
            var ok = rule switch
            {
                // A missing parent still lets {"exists": false} below it match, as in EventBridge.
                JsonObject nested => values.Length == 0 ? MatchObject(nested, null) : values.Any(v => MatchObject(nested, v)),
                JsonArray matchers => matchers.Any(m => MatchValue(m, values)),
                _ => throw new ArgumentException($"pattern key {key} must hold an object or an array"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The values at <paramref name="key"/>, with arrays (in the event) flattened: ["a", {"b":1}] yields each.</summary>
    private static IEnumerable<JsonNode?> Values(JsonNode? evt, string key)
    {
        foreach (var container in Flatten(evt))
        {
            if (container is JsonObject obj && obj.TryGetPropertyValue(key, out var value))
            {
                foreach (var item in Flatten(value))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Flatten(JsonNode? node) => node is JsonArray array ? array.SelectMany(Flatten) : [node];

    private static bool MatchValue(JsonNode? matcher, IReadOnlyList<JsonNode?> values)
    {
        if (matcher is JsonObject filter)
        {
            if (filter.TryGetPropertyValue("exists", out var exists))
            {
                return exists!.GetValue<bool>() == values.Count > 0;
            }

            if (filter.TryGetPropertyValue("prefix", out var prefix))
            {
                return values.Any(v => v is JsonValue s && s.TryGetValue<string>(out var text) && text.StartsWith(prefix!.GetValue<string>(), StringComparison.Ordinal));
            }

            if (filter.TryGetPropertyValue("anything-but", out var excluded))
            {
                var list = excluded is JsonArray a ? a.Select(x => x!.ToJsonString()).ToHashSet() : [excluded!.ToJsonString()];
                return values.Count > 0 && values.Any(v => v is not null && !list.Contains(v.ToJsonString()));
            }

            throw new ArgumentException($"unsupported matcher {filter.ToJsonString()}");
        }

        var expected = matcher?.ToJsonString();
        return values.Any(v => v is not JsonObject && v?.ToJsonString() == expected);
    }
}

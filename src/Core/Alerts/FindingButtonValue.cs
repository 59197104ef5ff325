using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What a Resolve/Suppress/Reopen button carries: the finding's Id and ProductArn, which
/// BatchUpdateFindings needs. Button values are limited to 2000 characters; ASFF allows 512 for
/// an Id, so this fits, and when it would not the button carries nothing and the handler reads
/// the parent message's metadata instead.
/// </summary>
public static class FindingButtonValue
{
    public static string? Encode(FindingRef finding)
    {
        var json = JsonSerializer.Serialize(new Payload(finding.Id, finding.ProductArn), FindingButtonJsonContext.Default.Payload);
        return json.Length <= BlockKitLimits.ButtonValue ? json : null;
    }

    public static bool TryDecode(string? value, out FindingRef finding)
    {
        finding = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(value, FindingButtonJsonContext.Default.Payload);
            if (payload is { Id.Length: > 0, ProductArn.Length: > 0 })
            {
                finding = new FindingRef(payload.Id, payload.ProductArn);
                return true;
            }
        }
        catch (JsonException)
        {
            // A value we did not write (or one Slack mangled) is treated as absent.
        }

        return false;
    }

    internal sealed record Payload(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("product_arn")] string ProductArn);
}

[JsonSerializable(typeof(FindingButtonValue.Payload))]
internal sealed partial class FindingButtonJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Bot.Actions;

/// <summary>
/// What a reason modal is about, carried in its private_metadata (Slack returns it verbatim with the
/// submission): the action, the finding, and the alert message to update. No database needed.
/// </summary>
public sealed record FindingAction(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("id")] string FindingId,
    [property: JsonPropertyName("product_arn")] string ProductArn,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("ts")] string MessageTs)
{
    public const string Resolve = "resolve";
    public const string Suppress = "suppress";
    public const string Reopen = "reopen";

    [JsonIgnore]
    public FindingRef Finding => new(FindingId, ProductArn);

    /// <summary>The workflow state the action sets. Reopen sets NOTIFIED: the finding is open and people are already told (its thread exists).</summary>
    [JsonIgnore]
    public WorkflowStatus Target => Action switch
    {
        Resolve => WorkflowStatus.Resolved,
        Suppress => WorkflowStatus.Suppressed,
        _ => WorkflowStatus.Notified,
    };

    [JsonIgnore]
    public string Verb => Action switch
    {
        Resolve => "Resolve",
        Suppress => "Suppress",
        _ => "Reopen",
    };

    /// <summary>The private_metadata string, or null when it would not fit Slack's 3000 characters.</summary>
    public string? Encode()
    {
        var json = JsonSerializer.Serialize(this, FindingActionJson.Default.FindingAction);
        return json.Length <= ModalView.PrivateMetadataMaxLength ? json : null;
    }

    public static FindingAction? Decode(string? privateMetadata)
    {
        if (string.IsNullOrWhiteSpace(privateMetadata))
        {
            return null;
        }

        try
        {
            var action = JsonSerializer.Deserialize(privateMetadata, FindingActionJson.Default.FindingAction);
            return action is { FindingId.Length: > 0, ProductArn.Length: > 0, Channel.Length: > 0, MessageTs.Length: > 0 }
                && action.Action is Resolve or Suppress or Reopen
                ? action
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(FindingAction))]
internal sealed partial class FindingActionJson : JsonSerializerContext;

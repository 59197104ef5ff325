using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Bot.Actions;

/// <summary>
/// What a reason modal is about, carried in its private_metadata (Slack returns it verbatim with the
/// submission): the action, the finding, and the alert message to update. No database needed.
/// For a grouped alert <see cref="Group"/> is true and there is no finding: the members are the findings
/// whose UserDefinedFields["sechubbot:thread"] names the message (<see cref="AlertActionApplier"/>).
/// </summary>
public sealed record FindingAction(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("id")] string FindingId,
    [property: JsonPropertyName("product_arn")] string ProductArn,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("ts")] string MessageTs,
    [property: JsonPropertyName("group"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Group = false)
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

    /// <summary>The alert's thread; as text, the value every member of a grouped alert carries in sechubbot:thread.</summary>
    [JsonIgnore]
    public ThreadRef Thread => new(Channel, MessageTs);

    /// <summary>The alert status the action sets: Resolved, Suppressed, or Open for Reopen.</summary>
    [JsonIgnore]
    public AlertStatus TargetStatus => Action switch
    {
        Resolve => AlertStatus.Resolved,
        Suppress => AlertStatus.Suppressed,
        _ => AlertStatus.Open,
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
            // A group action names no finding; a single one must name it fully.
            return action is { Channel.Length: > 0, MessageTs.Length: > 0 }
                && (action.Group || action is { FindingId.Length: > 0, ProductArn.Length: > 0 })
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

using System.Text.Json.Serialization;

namespace SecHubBot.Bot.Transport.Payloads;

/// <summary>A view_submission interaction: a modal's submit button.</summary>
/// <remarks>https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload</remarks>
public sealed record ViewSubmissionPayload : SlackPayload
{
    public SlackObjectRef? User { get; init; }

    public SubmittedView? View { get; init; }
}

public sealed record SubmittedView
{
    public string? CallbackId { get; init; }

    /// <summary>What we put in the view when opening it; Slack returns it verbatim.</summary>
    public string? PrivateMetadata { get; init; }

    public SubmittedViewState? State { get; init; }

    /// <summary>The value of a plain-text input, by its block_id and action_id; null when absent or empty.</summary>
    public string? ValueOf(string blockId, string actionId) =>
        State?.Values is { } values && values.TryGetValue(blockId, out var block) && block.TryGetValue(actionId, out var input) ? input.Value : null;
}

public sealed record SubmittedViewState
{
    /// <summary>block_id → action_id → the input's state.</summary>
    public Dictionary<string, Dictionary<string, SubmittedInput>>? Values { get; init; }
}

public sealed record SubmittedInput
{
    public string? Value { get; init; }
}

/// <summary>A view_submission ack that keeps the modal open with an error under the named blocks.</summary>
/// <remarks>https://docs.slack.dev/surfaces/modals#displaying_errors</remarks>
public sealed record ViewErrorsAck(IReadOnlyDictionary<string, string> Errors)
{
    [JsonPropertyOrder(-1)]
    public string ResponseAction => "errors";
}

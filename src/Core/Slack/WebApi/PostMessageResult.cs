namespace SecHubBot.Core.Slack.WebApi;

/// <summary>What chat.postMessage answers: where the message went and its ts (the id of the message and, for a parent, of its thread).</summary>
/// <remarks>https://docs.slack.dev/reference/methods/chat.postMessage</remarks>
public sealed record PostMessageResult
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }
}

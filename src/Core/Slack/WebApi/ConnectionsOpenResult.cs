namespace SecHubBot.Core.Slack.WebApi;

/// <summary>apps.connections.open's answer: a single-use WebSocket URL (the ticket in it works once).</summary>
/// <remarks>https://docs.slack.dev/reference/methods/apps.connections.open</remarks>
public sealed record ConnectionsOpenResult
{
    public required string Url { get; init; }
}

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>Slack's <c>response_metadata</c>: the pagination cursor, and detail messages on errors.</summary>
/// <remarks>https://docs.slack.dev/apis/web-api/pagination</remarks>
public sealed record ResponseMetadata
{
    public string? NextCursor { get; init; }

    public IReadOnlyList<string>? Messages { get; init; }
}

using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>The body of views.open. The trigger_id expires 3 seconds after Slack sent it.</summary>
/// <remarks>https://docs.slack.dev/reference/methods/views.open</remarks>
public sealed record ViewsOpenRequest(string TriggerId, ModalView View);

/// <summary>views.open's answer; only the view id is used.</summary>
public sealed record ViewsOpenResult
{
    public required OpenedView View { get; init; }
}

public sealed record OpenedView
{
    public required string Id { get; init; }

    public string? Hash { get; init; }
}

using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The body of views.update: replaces an open modal. <see cref="Hash"/> (from the last views.open or
/// view payload) makes Slack refuse the update if the view changed meanwhile (hash_conflict).
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/views.update</remarks>
public sealed record ViewsUpdateRequest(string ViewId, ModalView View)
{
    public string? Hash { get; init; }
}

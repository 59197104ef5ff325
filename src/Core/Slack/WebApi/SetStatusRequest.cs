namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The body of assistant.threads.setStatus: a "thinking" line under the thread, shown until the app
/// replies or for two minutes. Accepts the chat:write scope since 2026-03-05, so a channel app can use
/// it in an ordinary channel thread. An empty <see cref="Status"/> clears it.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/methods/assistant.threads.setStatus (special rate limits)</remarks>
public sealed record SetStatusRequest(string ChannelId, string ThreadTs, string Status)
{
    /// <summary>Messages Slack rotates through while the status shows; at most <see cref="MaxLoadingMessages"/>.</summary>
    public IReadOnlyList<string>? LoadingMessages { get; init; }

    public const int MaxLoadingMessages = 10;
}

/// <summary>assistant.threads.setStatus answers only ok.</summary>
public sealed record SetStatusResult;

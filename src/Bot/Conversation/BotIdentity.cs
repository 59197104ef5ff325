using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Who the bot is in this workspace (auth.test, asked once): its messages are recognised by user id and
/// bot id, so it never answers itself. Until auth.test succeeds, any message carrying a bot_id is ignored anyway.
/// </summary>
public sealed class BotIdentity(SlackApiClient slack)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthTestResult? _identity;

    public async Task<AuthTestResult> GetAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _identity ??= await slack.AuthTestAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

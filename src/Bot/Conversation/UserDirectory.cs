using System.Collections.Concurrent;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>Display names for the people in a thread (users.info), remembered for a while: a busy thread asks once per person.</summary>
public sealed partial class UserDirectory(SlackApiClient slack, TimeProvider time, ILogger<UserDirectory> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Name)> _names = new(StringComparer.Ordinal);

    /// <summary>The person's display name; their id when Slack cannot tell (deleted user, missing scope).</summary>
    public async Task<string> DisplayNameAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_names.TryGetValue(userId, out var cached) && now - cached.At < Lifetime)
        {
            return cached.Name;
        }

        try
        {
            var user = await slack.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
            _names[userId] = (now, user.DisplayName);
            return user.DisplayName;
        }
        catch (SlackApiException ex)
        {
            LogLookupFailed(logger, userId, ex.Error);
            return userId;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "users.info for {UserId} failed ({Error}); using the id as the name")]
    private static partial void LogLookupFailed(ILogger logger, string userId, string error);
}

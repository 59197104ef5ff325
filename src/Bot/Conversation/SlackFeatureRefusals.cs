using System.Collections.Concurrent;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Which workspaces (team ids) and channels have refused a Slack AI feature (streaming, thread status),
/// so an answer does not pay the refusal every time. A refusal is remembered for <see cref="RememberFor"/>:
/// an admin who turns the feature on later gets it without a restart.
/// </summary>
public sealed class SlackFeatureRefusals(TimeProvider time)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromHours(1);

    /// <summary>Errors that say the workspace (the app's install, token or plan) does not allow the method.</summary>
    private static readonly HashSet<string> WorkspaceErrors = new(StringComparer.Ordinal)
    {
        "missing_scope", "not_allowed_token_type", "access_denied", "enterprise_is_restricted", "unknown_method",
        "method_deprecated", "deprecated_endpoint", "accesslimited", "team_not_allowed", "feature_not_enabled",
    };

    /// <summary>Errors that say this kind of conversation does not allow it (the rest of the workspace may).</summary>
    private static readonly HashSet<string> ChannelErrors = new(StringComparer.Ordinal)
    {
        "channel_type_not_supported", "messages_tab_disabled", "no_permission", "not_in_channel", "restricted_action",
        "restricted_action_non_threadable_channel", "restricted_action_read_only_channel", "restricted_action_thread_locked",
    };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _refusedUntil = new(StringComparer.Ordinal);

    public bool IsRefused(string feature, string? team, string channel) =>
        Active(Key(feature, team, null)) || Active(Key(feature, team, channel));

    /// <summary>Remembers <paramref name="error"/> if it is a refusal; true when it was one.</summary>
    public bool Remember(string feature, string? team, string channel, string error)
    {
        var key = WorkspaceErrors.Contains(error) ? Key(feature, team, null)
            : ChannelErrors.Contains(error) ? Key(feature, team, channel)
            : null;
        if (key is null)
        {
            return false;
        }

        _refusedUntil[key] = time.GetUtcNow() + RememberFor;
        return true;
    }

    private bool Active(string key)
    {
        if (!_refusedUntil.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        _refusedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
        return false;
    }

    private static string Key(string feature, string? team, string? channel) => feature + "|" + (team ?? "-") + (channel is null ? string.Empty : "|" + channel);
}

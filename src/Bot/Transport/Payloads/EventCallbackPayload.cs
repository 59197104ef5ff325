namespace SecHubBot.Bot.Transport.Payloads;

/// <summary>An Events API <c>event_callback</c>.</summary>
/// <remarks>https://docs.slack.dev/apis/events-api/#callback-field</remarks>
public sealed record EventCallbackPayload : SlackPayload
{
    /// <summary>Stable across Slack's retries of one event.</summary>
    public string? EventId { get; init; }

    /// <summary>The workspace the event happened in.</summary>
    public string? TeamId { get; init; }

    public SlackEvent? Event { get; init; }
}

/// <summary>The inner event of <c>message</c> and <c>app_mention</c>, the two the Bot subscribes to.</summary>
/// <remarks>https://docs.slack.dev/reference/events/message</remarks>
public sealed record SlackEvent
{
    public string? Type { get; init; }

    /// <summary>Null for a plain message; <c>message_changed</c>, <c>bot_message</c>, <c>thread_broadcast</c>, ...</summary>
    public string? Subtype { get; init; }

    public string? Channel { get; init; }

    public string? User { get; init; }

    /// <summary>Set when a bot (or an app) posted the message.</summary>
    public string? BotId { get; init; }

    public string? Text { get; init; }

    public string? Ts { get; init; }

    /// <summary>The parent's ts for a reply in a thread (equal to <see cref="Ts"/> on the parent itself).</summary>
    public string? ThreadTs { get; init; }

    /// <summary>The author's own workspace (shared channels); Slack sends <c>user_team</c> or <c>team</c>.</summary>
    public string? UserTeam { get; init; }

    public string? Team { get; init; }
}

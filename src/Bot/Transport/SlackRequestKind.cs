namespace SecHubBot.Bot.Transport;

/// <summary>The three kinds of request Slack sends an app, over either transport.</summary>
public enum SlackRequestKind
{
    /// <summary>An Events API <c>event_callback</c> body (message, app_mention, ...).</summary>
    EventsApi,

    /// <summary>block_actions, view_submission, view_closed, shortcut, message_action.</summary>
    Interactive,

    /// <summary>A slash command's fields (command, text, user_id, response_url, trigger_id, ...) as a JSON object.</summary>
    SlashCommand,
}

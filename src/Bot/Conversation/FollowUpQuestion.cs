namespace SecHubBot.Bot.Conversation;

/// <summary>A person's message in a thread that the bot should answer.</summary>
public sealed record FollowUpQuestion(string Channel, string ThreadTs, string Ts, string UserId, string Text)
{
    /// <summary>The workspace (team id) the request came from; refusals of Slack features are remembered under it.</summary>
    public string? Workspace { get; init; }

    /// <summary>The asker's own team (Slack Connect members may belong to another); chat.startStream's recipient_team_id.</summary>
    public string? UserTeam { get; init; }

    /// <summary>
    /// Asked by clicking a suggested question: no message of theirs exists, so the bot posts the question
    /// in the thread, naming them, once it knows the thread is an alert thread, and <see cref="Ts"/> is ignored.
    /// </summary>
    public bool Suggested { get; init; }
}

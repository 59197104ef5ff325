namespace SecHubBot.Bot.Conversation;

/// <summary>A person's message in a thread that the bot should answer.</summary>
public sealed record FollowUpQuestion(string Channel, string ThreadTs, string Ts, string UserId, string Text);

using Microsoft.Extensions.AI;

namespace SecHubBot.Bot.Conversation;

/// <summary>The model for thread answers (<c>Bedrock:ChatModel</c>); no client in offline mode.</summary>
public sealed record FollowUpModel(IChatClient? Client, string? ModelId, int MaxOutputTokens);

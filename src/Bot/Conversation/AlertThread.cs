using SecHubBot.Core.Alerts;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>An alert thread this app posted: its parent, the parent's alert metadata, and the messages read (parent first).</summary>
public sealed record AlertThread(ConversationMessage Parent, FindingAlertMetadata Metadata, IReadOnlyList<ConversationMessage> Messages);

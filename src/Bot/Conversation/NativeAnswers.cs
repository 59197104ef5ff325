namespace SecHubBot.Bot.Conversation;

/// <summary>What answers need to use Slack's AI features: the thread status, the shared append budget, and the remembered refusals.</summary>
public sealed record NativeAnswers(ThreadStatusLine Status, StreamAppendBudget AppendBudget, SlackFeatureRefusals Refusals);

using System.Diagnostics.Metrics;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Records feedback clicks: a counter by model, prompt version and rating on the product's Meter, and a
/// log line with the answer id. Never the answer's text. Model and prompt version come back from the
/// click (untrusted), so only the models this bot is configured with and its own prompt versions become
/// metric tags; anything else counts as "other".
/// </summary>
public sealed partial class AnswerFeedbackTelemetry(IReadOnlySet<string> knownModels, ILogger<AnswerFeedbackTelemetry> logger)
{
    public const string CounterName = "sechubbot.answer.feedback";

    private static readonly Counter<long> Feedback =
        SecHubBotTelemetry.Meter.CreateCounter<long>(CounterName, "{click}", "Feedback on AI-written answers, by model, prompt version and rating");

    private static readonly HashSet<string> PromptVersions = new(StringComparer.Ordinal) { FollowUpPrompt.PromptVersion, ExplanationPrompt.PromptVersion };

    public void Record(FeedbackValue value, string userId)
    {
        ArgumentNullException.ThrowIfNull(value);
        var knownModel = knownModels.Contains(value.Model) ? value.Model : "other";
        var knownPrompt = PromptVersions.Contains(value.PromptVersion) ? value.PromptVersion : "other";
        var rating = value.Positive ? "positive" : "negative";
        Feedback.Add(
            1,
            new KeyValuePair<string, object?>("model", knownModel),
            new KeyValuePair<string, object?>("prompt_version", knownPrompt),
            new KeyValuePair<string, object?>("rating", rating));
        LogFeedback(logger, value.AnswerId, knownModel, knownPrompt, rating, userId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer feedback: answer {AnswerId}, model {Model}, prompt {PromptVersion}: {Rating} (from {UserId})")]
    private static partial void LogFeedback(ILogger logger, string answerId, string model, string promptVersion, string rating, string userId);
}

using SecHubBot.Bot.Conversation;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Bedrock;

namespace SecHubBot.Bot.Handlers;

public static class NativeAnswersServiceCollectionExtensions
{
    /// <summary>
    /// Answers that feel native in Slack (issue 14): the thread status and streaming (with the refusals
    /// remembered), feedback buttons and suggested questions, and the handlers for their clicks.
    /// </summary>
    public static IServiceCollection AddNativeAnswers(this IServiceCollection services)
    {
        services.AddSingleton<SlackFeatureRefusals>();
        services.AddSingleton<StreamAppendBudget>();
        services.AddSingleton<ThreadStatusLine>();
        services.AddSingleton<NativeAnswers>();
        services.AddSingleton(sp =>
        {
            // Feedback names the model that wrote the text: the chat model for answers, the alert model for explanations.
            var bedrock = sp.GetService<BedrockChatClientFactory>()?.Options;
            IEnumerable<string?> models = [sp.GetRequiredService<FollowUpModel>().ModelId, bedrock?.ChatModel, bedrock?.AlertModel, "offline"];
            return new AnswerFeedbackTelemetry(models.OfType<string>().ToHashSet(StringComparer.Ordinal), sp.GetRequiredService<ILogger<AnswerFeedbackTelemetry>>());
        });
        services.AddSingleton<IBlockActionHandler, AnswerFeedbackHandler>();
        services.AddSingleton<IBlockActionHandler, SuggestedQuestionHandler>();

        return services;
    }
}

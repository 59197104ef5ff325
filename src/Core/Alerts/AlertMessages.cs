using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// One finding's Slack thread: the compact parent alert and the first reply with the fix.
/// <see cref="FirstReply"/>'s thread_ts is filled in once the parent is posted (<see cref="InThread"/>),
/// and with it the reply gets the feedback buttons and suggested questions, which name the thread.
/// </summary>
public sealed record AlertMessages(SlackMessage Parent, SlackMessage FirstReply)
{
    /// <summary>The kind of finding the suggested questions are chosen for.</summary>
    internal FindingKind Kind { get; init; }

    /// <summary>Who wrote the explanation, as the feedback buttons report it.</summary>
    internal string Model { get; init; } = AlertComposer.OfflineModel;

    public AlertMessages InThread(string parentTs) => this with
    {
        FirstReply = AnswerActions.WithAnswerActions(FirstReply with { ThreadTs = parentTs }, Kind, Model, ExplanationPrompt.PromptVersion),
    };
}

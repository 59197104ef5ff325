using SecHubBot.Core.Slack.BlockKit;

namespace SecHubBot.Bot.Conversation;

/// <summary>Writes one answer into a thread as the model produces it: Slack's streaming methods, or chat.update as the fallback.</summary>
public interface IAnswerWriter
{
    /// <summary>Shows as much of the model's Markdown so far as the pacing allows.</summary>
    Task ProgressAsync(string markdownSoFar, CancellationToken cancellationToken);

    /// <summary>Writes the whole answer, then <paramref name="trailer"/> (feedback buttons and suggestions) below it.</summary>
    Task CompleteAsync(string markdown, IReadOnlyList<Block> trailer, CancellationToken cancellationToken);

    /// <summary>Ends the answer with a short notice (failure, superseded) instead; never leaves it hanging.</summary>
    Task FailAsync(string mrkdwn, CancellationToken cancellationToken);
}

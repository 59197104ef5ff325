using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// The "thinking" line under a thread (assistant.threads.setStatus), shown while Security Hub and the
/// model are asked. Slack clears it when the bot replies, or after two minutes. Where Slack refuses it,
/// the refusal is remembered per workspace or channel (<see cref="SlackFeatureRefusals"/>) and the caller
/// posts the placeholder instead; a status is never worth failing an answer for.
/// </summary>
public sealed partial class ThreadStatusLine(SlackApiClient slack, SlackFeatureRefusals refusals, ILogger<ThreadStatusLine> logger)
{
    public const string StatusFeature = "thread_status";
    public const string ReadingFinding = "Reading the finding…";

    /// <summary>The status while the model writes; names Claude when the configured model is one.</summary>
    public static string AskingModel(string? modelId) =>
        modelId?.Contains("claude", StringComparison.OrdinalIgnoreCase) == true ? "Asking Claude…" : "Asking the model…";

    /// <summary>Shows <paramref name="status"/>; false when Slack refused it (or refused it before, in this workspace or channel).</summary>
    public async Task<bool> TryShowAsync(string channel, string threadTs, string? workspace, string status, CancellationToken cancellationToken)
    {
        if (refusals.IsRefused(StatusFeature, workspace, channel))
        {
            return false;
        }

        try
        {
            await slack.SetThreadStatusAsync(new SetStatusRequest(channel, threadTs, status), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SlackApiException ex)
        {
            var remembered = refusals.Remember(StatusFeature, workspace, channel, ex.Error);
            LogRefused(logger, channel, ex.Error, remembered);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "assistant.threads.setStatus in {Channel} refused ({Error}); remembered: {Remembered}. Posting the placeholder instead")]
    private static partial void LogRefused(ILogger logger, string channel, string error, bool remembered);
}

using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Answers a question in an alert thread (DESIGN.md §3 "Follow-up answers"): reads the thread with its
/// metadata (conversations.replies) and, if the parent is one of our alerts, puts a placeholder up at
/// once, reads the finding's current state (GetFindings), asks the model with the finding fenced as
/// untrusted context and the thread as the conversation, and streams the answer into the placeholder.
/// A model failure or timeout replaces the placeholder with a short notice: never silence.
/// </summary>
public sealed partial class FollowUpResponder(
    SlackApiClient slack,
    SecurityHubClient securityHub,
    BotIdentity identity,
    UserDirectory users,
    ThreadAnswers answers,
    FollowUpModel model,
    InterimUpdateBudget budget,
    Health.BotMetrics metrics,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<FollowUpResponder> logger)
{
    public const string SupersededText = "_Superseded by a newer question in this thread._";
    public const string ModelFailedText = ":warning: I could not get an answer from the model just now. Please try again in a minute.";
    public const string ModelTimedOutText = ":warning: The model took too long to answer. Please try again in a minute.";
    public const string OfflineText = ":information_source: Follow-up answers need the AI model (Bedrock), and this bot runs in offline mode. The first reply in this thread has the fix steps.";

    private readonly BotOptions _options = options.Value;

    public async Task AnswerAsync(FollowUpQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var slot = answers.Begin(question.Channel + "/" + question.ThreadTs);
        var thread = await slack.GetThreadAsync(question.Channel, question.ThreadTs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var parent = thread.FirstOrDefault(m => m.Ts == question.ThreadTs);
        if (parent?.Metadata?.AsFindingAlert() is not { } metadata)
        {
            LogNotAlertThread(logger, question.Channel, question.ThreadTs);
            return;
        }

        var stream = new AnswerStream(slack, _options, time, budget, question.Channel, question.ThreadTs);
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        if (model.Client is null)
        {
            await stream.FailAsync(OfflineText, cancellationToken).ConfigureAwait(false);
            metrics.FollowUpAnswer("offline");
            return;
        }

        using var timeout = new CancellationTokenSource(_options.AnswerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slot.Superseded, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            var finding = await ReadFindingAsync(metadata, linked.Token).ConfigureAwait(false);
            var me = await identity.GetAsync(linked.Token).ConfigureAwait(false);
            var turns = await TurnsAsync(thread, question, me, linked.Token).ConfigureAwait(false);
            var messages = FollowUpPrompt.Build(FollowUpPrompt.FindingContext(finding, metadata), turns, _options.PromptTokenBudget);

            // No tools, ever: the model only writes text; only a person's click changes a finding.
            var chatOptions = new ChatOptions { MaxOutputTokens = model.MaxOutputTokens, ModelId = model.ModelId };
            var text = new StringBuilder();
            await foreach (var update in model.Client.GetStreamingResponseAsync(messages, chatOptions, linked.Token).ConfigureAwait(false))
            {
                text.Append(update.Text);
                await stream.ProgressAsync(text.ToString(), linked.Token).ConfigureAwait(false);
            }

            await stream.CompleteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
            metrics.FollowUpAnswer("answered");
            LogAnswered(logger, question.Channel, question.ThreadTs, text.Length, stream.InterimUpdates, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (slot.IsSuperseded)
        {
            metrics.FollowUpAnswer("superseded");
            LogSuperseded(logger, question.Channel, question.ThreadTs);
            await NoticeAsync(stream, SupersededText).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            metrics.FollowUpAnswer("timed_out");
            LogTimedOut(logger, question.Channel, question.ThreadTs, _options.AnswerTimeout.TotalSeconds);
            await NoticeAsync(stream, ModelTimedOutText).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.FollowUpAnswer("failed");
            LogModelFailed(logger, ex, question.Channel, question.ThreadTs);
            await NoticeAsync(stream, ModelFailedText).ConfigureAwait(false);
        }
    }

    private async Task NoticeAsync(AnswerStream stream, string text)
    {
        try
        {
            await stream.FailAsync(text, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogNoticeFailed(logger, ex.Error);
        }
    }

    private async Task<Finding?> ReadFindingAsync(FindingAlertMetadata metadata, CancellationToken cancellationToken)
    {
        if (metadata.FindingId is not { Length: > 0 } id || metadata.ProductArn is not { Length: > 0 } productArn)
        {
            return null;
        }

        try
        {
            var found = await securityHub.GetFindingsByIdsAsync([new FindingRef(id, productArn)], cancellationToken).ConfigureAwait(false);
            return found.FirstOrDefault();
        }
        catch (Exception ex) when (ex is SecurityHubException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            // The answer can still use the alert's own facts; the prompt says the live state is missing.
            LogFindingUnreadable(logger, ex is SecurityHubException sh ? sh.Code : ex.GetType().Name);
            return null;
        }
    }

    private async Task<IReadOnlyList<ThreadTurn>> TurnsAsync(
        IReadOnlyList<ConversationMessage> thread, FollowUpQuestion question, AuthTestResult me, CancellationToken cancellationToken)
    {
        var questionTs = TsValue(question.Ts);
        var turns = new List<ThreadTurn>();
        var sawQuestion = false;
        foreach (var message in thread)
        {
            // Later messages (our placeholder, newer questions) are not part of this question's context.
            if (TsValue(message.Ts) > questionTs)
            {
                continue;
            }

            sawQuestion |= message.Ts == question.Ts;
            if (ThreadTranscript.IsOurs(message, me))
            {
                var text = ThreadTranscript.TextOf(message);
                if (text != AnswerStream.PlaceholderText && text != SupersededText)
                {
                    turns.Add(new ThreadTurn(true, "SecHubBot", text));
                }
            }
            else if (message.Subtype is null or "thread_broadcast" or "file_share" && message.User is { } user && message.BotId is null)
            {
                turns.Add(new ThreadTurn(false, await users.DisplayNameAsync(user, cancellationToken).ConfigureAwait(false), ThreadTranscript.TextOf(message)));
            }
        }

        if (!sawQuestion)
        {
            // Slack may not list a message in conversations.replies the instant its event arrives.
            turns.Add(new ThreadTurn(false, await users.DisplayNameAsync(question.UserId, cancellationToken).ConfigureAwait(false), question.Text));
        }

        return turns;
    }

    private static decimal TsValue(string ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : 0m;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reply in {Channel}/{ThreadTs} is not in an alert thread; ignored")]
    private static partial void LogNotAlertThread(ILogger logger, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered in {Channel}/{ThreadTs}: {Characters} characters, {Updates} interim updates, {ElapsedMs:F0} ms")]
    private static partial void LogAnswered(ILogger logger, string channel, string threadTs, int characters, int updates, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer in {Channel}/{ThreadTs} superseded by a newer question")]
    private static partial void LogSuperseded(ILogger logger, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer in {Channel}/{ThreadTs} timed out after {Seconds} s")]
    private static partial void LogTimedOut(ILogger logger, string channel, string threadTs, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model answer in {Channel}/{ThreadTs} failed")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the thread that the answer failed: Slack {Error}")]
    private static partial void LogNoticeFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finding state unavailable for a follow-up ({Code}); answering from the alert's metadata")]
    private static partial void LogFindingUnreadable(ILogger logger, string code);
}

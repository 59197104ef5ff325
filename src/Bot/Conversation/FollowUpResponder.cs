using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// Answers a question in an alert thread (DESIGN.md §3 "Follow-up answers"): reads the thread with its
/// metadata (<see cref="AlertThreadReader"/>) and, if the parent is one of our alerts (posted by this app), shows a sign at once (the
/// thread status "Reading the finding…", or the placeholder reply where Slack refuses the status), reads
/// the finding's current state (GetFindings), asks the model with the finding fenced as untrusted context
/// and the thread as the conversation, and streams the answer: with Slack's streaming methods
/// (<see cref="NativeAnswerStream"/>), or into the placeholder by chat.update (<see cref="AnswerStream"/>)
/// where Slack refuses them. Every answer ends with feedback buttons and suggested next questions.
/// A model failure or timeout ends the answer with a short notice: never silence.
/// </summary>
public sealed partial class FollowUpResponder(
    SlackApiClient slack,
    AlertThreadReader threads,
    SecurityHubClient securityHub,
    BotIdentity identity,
    UserDirectory users,
    ThreadAnswers answers,
    FollowUpModel model,
    InterimUpdateBudget budget,
    NativeAnswers native,
    Health.BotMetrics metrics,
    AlertRouter router,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<FollowUpResponder> logger)
{
    /// <summary>How the bot puts a suggested question into the thread before answering it.</summary>
    public const string AskedMarker = ":speech_balloon: ";

    public const string SupersededText = "_Superseded by a newer question in this thread._";
    public const string ModelFailedText = ":warning: I could not get an answer from the model just now. Please try again in a minute.";
    public const string ModelTimedOutText = ":warning: The model took too long to answer. Please try again in a minute.";
    public const string ShutdownText = ":information_source: I was restarted before I could finish this answer. Please ask again.";

    /// <summary>How long the shutdown notice may take: the pod is going away.</summary>
    private static readonly TimeSpan ShutdownNoticeBudget = TimeSpan.FromSeconds(2);

    public const string OfflineText = ":information_source: Follow-up answers need the AI model (Bedrock), and this bot runs in offline mode. The first reply in this thread has the fix steps.";

    private readonly BotOptions _options = options.Value;

    public async Task AnswerAsync(FollowUpQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var slot = answers.Begin(question.Channel + "/" + question.ThreadTs);
        if (await threads.ReadAsync(question.Channel, question.ThreadTs, cancellationToken).ConfigureAwait(false) is not { } alertThread)
        {
            LogNotAlertThread(logger, question.Channel, question.ThreadTs);
            return;
        }

        var (thread, metadata) = (alertThread.Messages, alertThread.Metadata);
        var me = await identity.GetAsync(cancellationToken).ConfigureAwait(false);
        var workspace = question.Workspace ?? me.TeamId;
        if (question.Suggested)
        {
            question = question with { Ts = await PostAskedAsync(question, cancellationToken).ConfigureAwait(false) };
        }

        var statusShown = await native.Status.TryShowAsync(question.Channel, question.ThreadTs, workspace, ThreadStatusLine.ReadingFinding, cancellationToken).ConfigureAwait(false);
        var stream = await WriterForAsync(question, workspace, statusShown, cancellationToken).ConfigureAwait(false);
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
            var turns = await TurnsAsync(thread, question, me, linked.Token).ConfigureAwait(false);
            if (statusShown)
            {
                await native.Status.TryShowAsync(question.Channel, question.ThreadTs, workspace, ThreadStatusLine.AskingModel(model.ModelId), linked.Token).ConfigureAwait(false);
            }

            var messages = FollowUpPrompt.Build(
                FollowUpPrompt.FindingContext(finding, metadata), turns, _options.PromptTokenBudget, finding is null ? null : router.Route(finding).IacFlavor);

            // No tools, ever: the model only writes text; only a person's click changes a finding.
            var chatOptions = new ChatOptions { MaxOutputTokens = model.MaxOutputTokens, ModelId = model.ModelId };
            var text = new StringBuilder();
            await foreach (var update in model.Client.GetStreamingResponseAsync(messages, chatOptions, linked.Token).ConfigureAwait(false))
            {
                text.Append(update.Text);
                await stream.ProgressAsync(text.ToString(), linked.Token).ConfigureAwait(false);
            }

            var lastToken = time.GetTimestamp();
            await stream.CompleteAsync(text.ToString(), Trailer(question, finding, metadata), cancellationToken).ConfigureAwait(false);
            metrics.FollowUpAnswer("answered");
            LogAnswered(logger, question.Channel, question.ThreadTs, text.Length, stream is NativeAnswerStream n ? n.StreamCalls : -1, time.GetElapsedTime(started).TotalMilliseconds, time.GetElapsedTime(lastToken).TotalMilliseconds);
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.FollowUpAnswer("shutdown");
            LogCutByShutdown(logger, question.Channel, question.ThreadTs);
            using var budget = new CancellationTokenSource(ShutdownNoticeBudget, time);
            await NoticeAsync(stream, ShutdownText, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.FollowUpAnswer("failed");
            LogModelFailed(logger, ex, question.Channel, question.ThreadTs);
            await NoticeAsync(stream, ModelFailedText).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Slack's streaming methods when the status line showed (so there is already a visible sign) and
    /// neither the workspace nor this channel refused streaming; otherwise the placeholder and chat.update.
    /// </summary>
    private async Task<IAnswerWriter> WriterForAsync(FollowUpQuestion question, string? workspace, bool statusShown, CancellationToken cancellationToken)
    {
        AnswerStream Fallback() => new(slack, _options, time, budget, question.Channel, question.ThreadTs);
        if (statusShown && !native.Refusals.IsRefused(NativeAnswerStream.StreamingFeature, workspace, question.Channel))
        {
            var target = new StreamTarget(question.Channel, question.ThreadTs, question.UserId, question.UserTeam ?? workspace, workspace);
            return new NativeAnswerStream(slack, native.AppendBudget, native.Refusals, time, logger, target, Fallback);
        }

        var placeholder = Fallback();
        await placeholder.StartAsync(cancellationToken).ConfigureAwait(false);
        return placeholder;
    }

    /// <summary>Feedback buttons and the finding kind's suggested questions, less the one just asked.</summary>
    private IReadOnlyList<Core.Slack.BlockKit.Block> Trailer(FollowUpQuestion question, Finding? finding, FindingAlertMetadata metadata)
    {
        var feedback = new FeedbackValue(true, FeedbackValue.NewAnswerId(), model.ModelId ?? "unknown", FollowUpPrompt.PromptVersion);
        var kind = SuggestedQuestions.KindOf(finding, metadata.ControlId);
        var asked = question.Text.Trim().TrimEnd('?', '.', '!');
        var suggestions = SuggestedQuestions.For(kind).Where(q => !q.Text.TrimEnd('?').Equals(asked, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
        return AnswerActions.Blocks(feedback, suggestions, question.ThreadTs);
    }

    /// <summary>Puts a clicked suggestion into the thread as the clicker's question, naming them (a Slack user id, so the mention is safe).</summary>
    private async Task<string> PostAskedAsync(FollowUpQuestion question, CancellationToken cancellationToken)
    {
        var posted = await slack.PostMessageAsync(
            new SlackMessage
            {
                Channel = question.Channel,
                ThreadTs = question.ThreadTs,
                Text = $"{AskedMarker}<@{question.UserId}> asked: *{Core.Slack.Mrkdwn.Escape(question.Text)}*",
            },
            cancellationToken).ConfigureAwait(false);
        return posted.Ts;
    }

    private async Task NoticeAsync(IAnswerWriter stream, string text, CancellationToken cancellationToken = default)
    {
        try
        {
            await stream.FailAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            LogNoticeFailed(logger, ex.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogNoticeFailed(logger, "no time left before shutdown");
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
                if (message.Ts == question.Ts && question.Suggested)
                {
                    turns.Add(new ThreadTurn(false, await users.DisplayNameAsync(question.UserId, cancellationToken).ConfigureAwait(false), question.Text));
                }
                else if (text.StartsWith(AskedMarker, StringComparison.Ordinal))
                {
                    // An earlier suggested question someone clicked: a person's turn, though we wrote it.
                    turns.Add(new ThreadTurn(false, "A person in the thread", text[AskedMarker.Length..]));
                }
                else if (text != AnswerStream.PlaceholderText && text != SupersededText)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered in {Channel}/{ThreadTs}: {Characters} characters, {StreamCalls} streaming calls (-1: chat.update), {ElapsedMs:F0} ms, last token to final message {FinalMs:F0} ms")]
    private static partial void LogAnswered(ILogger logger, string channel, string threadTs, int characters, int streamCalls, double elapsedMs, double finalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer in {Channel}/{ThreadTs} superseded by a newer question")]
    private static partial void LogSuperseded(ILogger logger, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer in {Channel}/{ThreadTs} timed out after {Seconds} s")]
    private static partial void LogTimedOut(ILogger logger, string channel, string threadTs, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer in {Channel}/{ThreadTs} cut short by shutdown; the thread is told to ask again")]
    private static partial void LogCutByShutdown(ILogger logger, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model answer in {Channel}/{ThreadTs} failed")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string channel, string threadTs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the thread that the answer failed: Slack {Error}")]
    private static partial void LogNoticeFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finding state unavailable for a follow-up ({Code}); answering from the alert's metadata")]
    private static partial void LogFindingUnreadable(ILogger logger, string code);
}

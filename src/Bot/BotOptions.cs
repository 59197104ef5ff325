namespace SecHubBot.Bot;

/// <summary>When the bot answers in an alert thread (<c>Bot:ReplyMode</c>).</summary>
public enum ReplyMode
{
    /// <summary>Every human reply in an alert thread gets an answer (default).</summary>
    All,

    /// <summary>Only replies that mention the bot (<c>@SecHubBot ...</c>).</summary>
    Mentions,
}

/// <summary>The <c>Bot</c> configuration section: how the conversational half behaves.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary><c>Bot:ReplyMode</c>: <c>all</c> (default) or <c>mentions</c>.</summary>
    public ReplyMode ReplyMode { get; set; } = ReplyMode.All;

    /// <summary>
    /// Gap between two chat.update calls on one streaming answer. chat.update is Tier 3 (~50 a minute
    /// per workspace, shared by every thread), so about one a second per message is the ceiling.
    /// </summary>
    public TimeSpan AnswerUpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many interim updates per answer; the final text is always written.</summary>
    public int MaxInterimUpdates { get; set; } = 20;

    /// <summary>
    /// Interim updates of all answers together per minute (chat.update is ~50 a minute per workspace); the
    /// rest of the budget stays free for final answers and alert updates.
    /// </summary>
    public int MaxInterimUpdatesPerMinute { get; set; } = 30;

    /// <summary>Token budget of the follow-up prompt (system, finding, thread); the oldest turns go first.</summary>
    public int PromptTokenBudget { get; set; } = 12000;

    /// <summary>The whole answer, model and streaming included; past it the thread is told the model timed out.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Budget for BatchUpdateFindings inside the modal submission, so a failure can still be shown in the
    /// modal (Slack waits 3 s for the answer). Past it the modal closes and the outcome is posted instead.
    /// </summary>
    public TimeSpan ModalDecisionBudget { get; set; } = TimeSpan.FromSeconds(2.2);

    /// <summary>How long to wait for HTTP-mode handlers to ack before answering Slack with an empty 200.</summary>
    public TimeSpan HttpAckDeadline { get; set; } = TimeSpan.FromSeconds(2.5);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (AnswerUpdateInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add("Bot:AnswerUpdateInterval must be at least 00:00:00.100 (chat.update is rate limited)");
        }

        if (MaxInterimUpdates is < 0 or > 100)
        {
            problems.Add("Bot:MaxInterimUpdates must be between 0 and 100");
        }

        if (MaxInterimUpdatesPerMinute is < 0 or > 50)
        {
            problems.Add("Bot:MaxInterimUpdatesPerMinute must be between 0 and 50 (chat.update allows about 50 a minute)");
        }

        if (PromptTokenBudget is < 2000 or > 200_000)
        {
            problems.Add("Bot:PromptTokenBudget must be between 2000 and 200000");
        }

        if (AnswerTimeout <= TimeSpan.Zero)
        {
            problems.Add("Bot:AnswerTimeout must be positive");
        }

        if (ModalDecisionBudget <= TimeSpan.Zero || ModalDecisionBudget >= TimeSpan.FromSeconds(3))
        {
            problems.Add("Bot:ModalDecisionBudget must be above 0 and below Slack's 3 s");
        }

        if (HttpAckDeadline <= TimeSpan.Zero || HttpAckDeadline >= TimeSpan.FromSeconds(3))
        {
            problems.Add("Bot:HttpAckDeadline must be above 0 and below Slack's 3 s");
        }

        return problems;
    }
}

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// chat.appendStream is Tier 4 ("100+ per minute") per workspace, shared by every answer streaming at
/// once. Appends are optional (the text they would carry waits in the stream's buffer and goes out with
/// the next append or the stop), so all streams together stay at <see cref="AppendsPerMinute"/>.
/// </summary>
public sealed class StreamAppendBudget(TimeProvider time) : CallsPerMinuteBudget(time)
{
    /// <summary>Tier 4's floor, less a tenth of headroom for bursts Slack counts differently.</summary>
    public const int AppendsPerMinute = 90;

    protected override int PerMinute => AppendsPerMinute;
}

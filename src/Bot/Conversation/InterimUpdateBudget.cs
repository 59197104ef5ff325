using Microsoft.Extensions.Options;

namespace SecHubBot.Bot.Conversation;

/// <summary>
/// chat.update is Tier 3: about 50 calls a minute for the whole workspace, shared by every answer being
/// streamed and by the alert updates after Resolve/Suppress. Interim "still typing" updates are the
/// optional ones, so all answers together take at most <see cref="BotOptions.MaxInterimUpdatesPerMinute"/>
/// a minute; final answers and alert updates are never held back by this budget.
/// </summary>
public sealed class InterimUpdateBudget(IOptions<BotOptions> options, TimeProvider time) : CallsPerMinuteBudget(time)
{
    protected override int PerMinute => options.Value.MaxInterimUpdatesPerMinute;
}

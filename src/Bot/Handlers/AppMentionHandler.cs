using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// <c>app_mention</c> events only ack: a mention in a thread also arrives as a <c>message</c> event, which
/// <see cref="ThreadReplyHandler"/> answers, so answering here too would answer twice.
/// </summary>
public sealed class AppMentionHandler : IEventHandler
{
    public string EventType => "app_mention";

    public Task HandleAsync(SlackRequest request, SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.AckAsync(cancellationToken: cancellationToken);
    }
}

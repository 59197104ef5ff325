using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Handlers;

/// <summary>"Open in Security Hub" is a link button: Slack opens the URL and still sends block_actions, which only needs an ack.</summary>
public sealed class OpenConsoleButtonHandler : IBlockActionHandler
{
    public IReadOnlyCollection<string> ActionIds { get; } = [AlertActionIds.OpenConsole];

    public Task HandleAsync(SlackRequest request, BlockAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.AckAsync(cancellationToken: cancellationToken);
    }
}

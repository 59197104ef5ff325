using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// Bolt's listener model: one small handler per event type, action_id, callback_id or command. A
/// handler acks first (<see cref="SlackRequest.AckAsync"/>, exactly once) and does slow work after;
/// it never knows which transport brought the request, and receives the payload already decoded.
/// </summary>
public interface IEventHandler
{
    /// <summary>The inner event type, e.g. <c>message</c>.</summary>
    string EventType { get; }

    Task HandleAsync(SlackRequest request, SlackEvent slackEvent, CancellationToken cancellationToken);
}

/// <summary>A block_actions handler, matched on the action's action_id (one handler may serve several).</summary>
public interface IBlockActionHandler
{
    IReadOnlyCollection<string> ActionIds { get; }

    Task HandleAsync(SlackRequest request, BlockAction action, CancellationToken cancellationToken);
}

/// <summary>A view_submission handler, matched on the view's callback_id.</summary>
public interface IViewSubmissionHandler
{
    string CallbackId { get; }

    Task HandleAsync(SlackRequest request, ViewSubmissionPayload submission, CancellationToken cancellationToken);
}

/// <summary>A slash command handler, matched on the command (<c>/sechub</c>).</summary>
public interface ISlashCommandHandler
{
    string Command { get; }

    Task HandleAsync(SlackRequest request, SlashCommandPayload command, CancellationToken cancellationToken);
}

namespace SecHubBot.Bot.Transport;

/// <summary>
/// The one dispatcher both transports hand requests to (the Bot implements it). Call
/// <see cref="SlackRequest.AckAsync"/> first, then do slow work; the transport acks for you if the
/// handler returns or throws without acking, and after its ack deadline.
/// </summary>
public interface ISlackRequestHandler
{
    Task HandleAsync(SlackRequest request, CancellationToken cancellationToken);
}

using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;

namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// The one router both transports hand requests to (behind <see cref="DuplicateRequestFilter"/>). Routes by
/// the decoded payload, then by event type, action_id, callback_id or command to exactly one handler, which
/// receives the typed record; what nothing handles is acked and dropped.
/// </summary>
public sealed partial class SlackDispatcher : ISlackRequestHandler
{
    private readonly Dictionary<string, IEventHandler> _events;
    private readonly Dictionary<string, IBlockActionHandler> _actions;
    private readonly Dictionary<string, IViewSubmissionHandler> _views;
    private readonly Dictionary<string, ISlashCommandHandler> _commands;
    private readonly InFlightWork _work;
    private readonly Health.BotMetrics _metrics;
    private readonly ILogger<SlackDispatcher> _logger;

    public SlackDispatcher(
        IEnumerable<IEventHandler> events,
        IEnumerable<IBlockActionHandler> actions,
        IEnumerable<IViewSubmissionHandler> views,
        IEnumerable<ISlashCommandHandler> commands,
        InFlightWork work,
        Health.BotMetrics metrics,
        ILogger<SlackDispatcher> logger)
    {
        // ToDictionary throws on two handlers for one key: a wiring bug that should stop the host.
        _events = events.ToDictionary(h => h.EventType, StringComparer.Ordinal);
        _actions = actions.SelectMany(h => h.ActionIds, (h, id) => (Id: id, Handler: h)).ToDictionary(p => p.Id, p => p.Handler, StringComparer.Ordinal);
        _views = views.ToDictionary(h => h.CallbackId, StringComparer.Ordinal);
        _commands = commands.ToDictionary(h => h.Command, StringComparer.OrdinalIgnoreCase);
        _work = work;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task HandleAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_work.TryEnter(out var lease))
        {
            // Shutting down: no new work, and no ack either, so Slack delivers it again to a live pod (a request
            // that slipped in between the stop and the transport closing its doors would otherwise be acked and lost).
            request.Decline();
            LogDeclined(_logger, request.Kind);
            return;
        }

        _metrics.SlackRequest(request.Kind switch
        {
            SlackRequestKind.EventsApi => "events_api",
            SlackRequestKind.Interactive => "interactive",
            _ => "slash_command",
        });
        using (lease)
        {
            await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        switch (request.Payload)
        {
            case EventCallbackPayload { Event: { Type: { } type } slackEvent } when _events.TryGetValue(type, out var eventHandler):
                await eventHandler.HandleAsync(request, slackEvent, cancellationToken).ConfigureAwait(false);
                return;
            case BlockActionsPayload { First: { } action } when _actions.TryGetValue(action.ActionId, out var actionHandler):
                await actionHandler.HandleAsync(request, action, cancellationToken).ConfigureAwait(false);
                return;
            case ViewSubmissionPayload { View.CallbackId: { } callbackId } submission when _views.TryGetValue(callbackId, out var viewHandler):
                await viewHandler.HandleAsync(request, submission, cancellationToken).ConfigureAwait(false);
                return;
            case SlashCommandPayload { Command: { } command } slashCommand when _commands.TryGetValue(command, out var commandHandler):
                await commandHandler.HandleAsync(request, slashCommand, cancellationToken).ConfigureAwait(false);
                return;
        }

        LogUnhandled(_logger, request.Kind, request.Payload.Type ?? (request.Payload as SlashCommandPayload)?.Command ?? "-", request.Payload is OtherPayload { Unreadable: true });
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: {Kind} request left unacked for Slack to redeliver")]
    private static partial void LogDeclined(ILogger logger, SlackRequestKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No handler for {Kind} {What} (unreadable: {Unreadable}); acked and dropped")]
    private static partial void LogUnhandled(ILogger logger, SlackRequestKind kind, string what, bool unreadable);
}

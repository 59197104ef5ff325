using SecHubBot.Bot.Transport;

namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// The one router both transports hand requests to. Routes by kind, then by event type, action_id,
/// callback_id or command to exactly one handler; what nothing handles is acked and dropped. Drops
/// Slack's retries of events already under way (HTTP mode; the Socket Mode client drops its own
/// duplicates first), so a slow answer is never started twice.
/// </summary>
public sealed partial class SlackDispatcher : ISlackRequestHandler
{
    private readonly Dictionary<string, IEventHandler> _events;
    private readonly Dictionary<string, IBlockActionHandler> _actions;
    private readonly Dictionary<string, IViewSubmissionHandler> _views;
    private readonly Dictionary<string, ISlashCommandHandler> _commands;
    private readonly SeenRequestIds _seenEvents;
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
        TimeProvider time,
        ILogger<SlackDispatcher> logger)
    {
        // ToDictionary throws on two handlers for one key: a wiring bug that should stop the host.
        _events = events.ToDictionary(h => h.EventType, StringComparer.Ordinal);
        _actions = actions.SelectMany(h => h.ActionIds, (h, id) => (Id: id, Handler: h)).ToDictionary(p => p.Id, p => p.Handler, StringComparer.Ordinal);
        _views = views.ToDictionary(h => h.CallbackId, StringComparer.Ordinal);
        _commands = commands.ToDictionary(h => h.Command, StringComparer.OrdinalIgnoreCase);
        _seenEvents = new SeenRequestIds(time: time);
        _work = work;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task HandleAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_work.TryEnter(out var lease))
        {
            // Shutting down: no new work. Socket Mode never gets here (the client stops taking envelopes);
            // HTTP answers 503 first. Ack anyway so nothing waits on us.
            await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
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
        switch (request.Kind)
        {
            case SlackRequestKind.EventsApi:
                if (request.EventId is { } eventId && !_seenEvents.TryMarkNew(eventId))
                {
                    LogRetryDropped(_logger, eventId, request.RetryNum, request.RetryReason ?? "-");
                    await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (request.EventType is { } type && _events.TryGetValue(type, out var eventHandler))
                {
                    await eventHandler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                    return;
                }

                break;

            case SlackRequestKind.Interactive:
                switch (request.PayloadType)
                {
                    case "block_actions" when BlockAction.From(request.Body) is { } action:
                        if (_actions.TryGetValue(action.ActionId, out var actionHandler))
                        {
                            await actionHandler.HandleAsync(request, action, cancellationToken).ConfigureAwait(false);
                            return;
                        }

                        break;
                    case "view_submission":
                        var callbackId = Json.Object(request.Body, "view") is { } view ? Json.String(view, "callback_id") : null;
                        if (callbackId is not null && _views.TryGetValue(callbackId, out var viewHandler))
                        {
                            await viewHandler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                            return;
                        }

                        break;
                }

                break;

            case SlackRequestKind.SlashCommand:
                if (request.Command is { } command && _commands.TryGetValue(command, out var commandHandler))
                {
                    await commandHandler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                    return;
                }

                break;
        }

        LogUnhandled(_logger, request.Kind, request.PayloadType ?? request.EventType ?? request.Command ?? "-");
        await request.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped Slack's retry of event {EventId} (retry {RetryNum}, {Reason}): already handled")]
    private static partial void LogRetryDropped(ILogger logger, string eventId, int retryNum, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No handler for {Kind} {What}; acked and dropped")]
    private static partial void LogUnhandled(ILogger logger, SlackRequestKind kind, string what);
}

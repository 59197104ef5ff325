using Microsoft.Extensions.Options;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport.SocketMode;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Transport;

/// <summary>
/// Runs the Socket Mode client when <c>Slack:AppToken</c> is set. On SIGTERM it stops taking envelopes
/// (Slack resends unacked ones to the other connections or pods), then waits for every handler, acked or
/// not, to finish its slow work (answers, Security Hub updates) within the host's shutdown timeout.
/// </summary>
public sealed partial class SocketModeTransport(
    IServiceProvider services, IOptions<SlackOptions> slack, InFlightWork work, ILogger<SocketModeTransport> logger) : IHostedService
{
    private SocketModeClient? _client;

    public bool Enabled => !string.IsNullOrWhiteSpace(slack.Value.AppToken);

    /// <summary>True in HTTP mode; in Socket Mode, once a connection is open (for /readyz).</summary>
    public bool IsConnected => !Enabled || _client?.IsConnected == true;

    public int OpenConnections => _client?.OpenConnections ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            LogHttpMode(logger);
            return Task.CompletedTask;
        }

        _client = services.GetRequiredService<SocketModeClient>();
        LogSocketMode(logger);
        return _client.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Draining starts now: /readyz turns 503 and HTTP answers 503 while in-flight work finishes.
        work.BeginStop();
        if (_client is not null)
        {
            await _client.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await work.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(logger, work.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack transport: Socket Mode (Slack:AppToken is set)")]
    private static partial void LogSocketMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack transport: HTTP endpoints /slack/events, /slack/interactions, /slack/commands (no Slack:AppToken)")]
    private static partial void LogHttpMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace period over with {Count} requests still in flight")]
    private static partial void LogAbandoned(ILogger logger, int count);
}

namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>Socket Mode tuning, bound from <c>Slack:SocketMode</c>. Defaults suit production; tests shorten the waits.</summary>
public sealed class SocketModeOptions
{
    public const string SectionName = "Slack:SocketMode";

    /// <summary>
    /// Connections kept open at once. Slack spreads envelopes over all of them, so with 2 a refresh
    /// or a drop of one never leaves the app unreachable. Slack allows about 10 per app.
    /// </summary>
    public int Connections { get; set; } = 2;

    /// <summary>
    /// If a handler has not acked by then, the client acks for it: Slack counts an envelope as failed
    /// after 3 seconds and resends it, so this stays well inside that budget.
    /// </summary>
    public TimeSpan AckDeadline { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>How long to wait for <c>hello</c> after the WebSocket opens.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay after a drop; doubles per failure up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After <c>disconnect</c> the old socket keeps delivering until Slack closes it; it is closed by us
    /// after this grace, once its replacement is open and its handlers have had time to ack.
    /// </summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>WebSocket ping interval; a connection whose pong does not come within this is treated as dropped.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask Slack for shorter-lived connections (refresh_requested more often), to exercise reconnects.</summary>
    public bool DebugReconnects { get; set; }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Connections is < 1 or > 10)
        {
            problems.Add("Slack:SocketMode:Connections must be between 1 and 10 (Slack allows about 10 per app)");
        }

        if (AckDeadline <= TimeSpan.Zero || AckDeadline >= TimeSpan.FromSeconds(3))
        {
            problems.Add("Slack:SocketMode:AckDeadline must be above 0 and below Slack's 3 s budget");
        }

        if (InitialReconnectDelay < TimeSpan.Zero || MaxReconnectDelay < InitialReconnectDelay)
        {
            problems.Add("Slack:SocketMode:InitialReconnectDelay must be >= 0 and <= MaxReconnectDelay");
        }

        return problems;
    }
}

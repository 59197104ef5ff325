namespace SecHubBot.Bot.Transport.SocketMode;

/// <summary>
/// Reasons Slack gives in a <c>disconnect</c> frame. The first two are routine (reconnect at once,
/// the old socket still delivers until Slack closes it); the others need backing off.
/// </summary>
public static class SocketModeDisconnectReason
{
    /// <summary>The connection will be closed soon; open another.</summary>
    public const string Warning = "warning";

    /// <summary>Routine refresh (every few hours, or minutes with debug_reconnects).</summary>
    public const string RefreshRequested = "refresh_requested";

    /// <summary>Over Slack's per-app connection limit: back off before reconnecting.</summary>
    public const string TooManyWebsockets = "too_many_websockets";

    /// <summary>Socket Mode was turned off in the app settings: retry slowly and say so loudly.</summary>
    public const string LinkDisabled = "link_disabled";
}

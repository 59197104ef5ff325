using SecHubBot.Bot.Dispatch;

namespace SecHubBot.Bot.Transport.Http;

/// <summary>
/// A signed request verifies for as long as its timestamp is within <see cref="SlackRequestVerifier.MaxClockSkew"/>
/// of our clock, either way: a copy captured on the way (a proxy log, a debugging dump) could be sent again in
/// that window, and a replayed Resolve would resolve a finding someone has since reopened. Interactions and
/// commands carry no id of their own, but the signature covers timestamp and body, so a request is its signature.
/// Only verified signatures are remembered, each for the window it could be replayed in: memory grows with
/// Slack's real traffic, never with an attacker's.
/// </summary>
public sealed class SignatureReplayGuard(TimeProvider time)
{
    /// <summary>A timestamp up to the skew ahead stays valid until the skew after it; a minute more for the clock's own drift.</summary>
    public static readonly TimeSpan Remember = (2 * SlackRequestVerifier.MaxClockSkew) + TimeSpan.FromMinutes(1);

    private readonly SeenRequestIds _seen = new(Remember, time);

    /// <summary>True the first time a verified signature is offered; false for a replay.</summary>
    public bool TryAccept(string signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(signature);
        return _seen.TryMarkNew(signature);
    }
}

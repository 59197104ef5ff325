namespace SecHubBot.Bot.Transport.Http;

/// <summary>The outcome of checking one HTTP request's Slack signature.</summary>
public enum SlackSignatureResult
{
    Valid,

    /// <summary>X-Slack-Request-Timestamp or X-Slack-Signature is absent or unreadable.</summary>
    MissingHeaders,

    /// <summary>The timestamp is more than 5 minutes from now: a possible replay.</summary>
    StaleTimestamp,

    /// <summary>The signature does not match the body: tampered, or signed with another secret.</summary>
    InvalidSignature,
}

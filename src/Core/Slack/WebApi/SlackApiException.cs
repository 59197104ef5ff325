namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// A Web API call that Slack answered with <c>ok:false</c> (or an HTTP failure we could not retry).
/// The message names the method and Slack's error code only: never a token, never a request body.
/// </summary>
/// <remarks>https://docs.slack.dev/apis/web-api/#responses</remarks>
public sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error, TimeSpan? retryAfter = null, IReadOnlyList<string>? messages = null)
        : base(BuildMessage(method, error, messages))
    {
        Method = method;
        Error = error;
        RetryAfter = retryAfter;
        ResponseMessages = messages ?? [];
    }

    public SlackApiException()
        : this("unknown", "unknown_error")
    {
    }

    public SlackApiException(string message)
        : this("unknown", message)
    {
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "unknown";
        Error = "unknown_error";
        ResponseMessages = [];
    }

    /// <summary>The Web API method, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>, or <c>ratelimited</c> after the retries ran out.</summary>
    public string Error { get; }

    /// <summary>Set when the call was still rate limited after every retry.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary><c>response_metadata.messages</c>: Slack's detail for invalid_blocks and similar.</summary>
    public IReadOnlyList<string> ResponseMessages { get; }

    public bool IsRateLimited => Error is "ratelimited" or "rate_limited";

    private static string BuildMessage(string method, string error, IReadOnlyList<string>? messages) =>
        messages is { Count: > 0 }
            ? $"Slack {method} failed: {error} ({string.Join("; ", messages)})"
            : $"Slack {method} failed: {error}";
}

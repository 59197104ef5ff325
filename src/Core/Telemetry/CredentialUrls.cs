using System.Diagnostics;

namespace SecHubBot.Core.Telemetry;

/// <summary>
/// URLs that are themselves credentials: an interaction's response_url (hooks.slack.com/actions/…, /commands/…)
/// lets anyone who holds it post into the channel for 30 minutes. HttpClient's tracing writes the whole URL
/// into url.full (only the query string is redacted by default), so requests to such URLs are marked and
/// their url.full is cut to scheme and host before any exporter sees the span.
/// </summary>
public static class CredentialUrls
{
    /// <summary>The redacted path, so a trace still shows where the call went.</summary>
    public const string RedactedPath = "/REDACTED";

    private const string RedactedProperty = "SecHubBot.RedactedUrl";

    private static readonly HttpRequestOptionsKey<bool> Marker = new("SecHubBot.UrlIsCredential");

    /// <summary>Marks <paramref name="request"/>'s URL as a credential.</summary>
    public static HttpRequestMessage MarkAsCredential(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Marker, true);
        return request;
    }

    /// <summary>Marked, or a Slack webhook URL (response_url and incoming webhooks live on hooks.slack.com).</summary>
    public static bool IsCredential(HttpRequestMessage? request) =>
        request?.RequestUri is { IsAbsoluteUri: true } uri
        && ((request.Options.TryGetValue(Marker, out var marked) && marked)
            || string.Equals(uri.Host, "hooks.slack.com", StringComparison.OrdinalIgnoreCase)
            || uri.UserInfo.Length > 0);

    /// <summary>Scheme, host and port only.</summary>
    public static string Redacted(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetLeftPart(UriPartial.Scheme) + uri.Authority + RedactedPath;
    }

    /// <summary>Rewrites the span's URL tags when the request's URL is a credential; runs from the HttpClient instrumentation's enrich hooks.</summary>
    public static void RedactSpan(Activity activity, HttpRequestMessage? request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!IsCredential(request))
        {
            return;
        }

        var redacted = Redacted(request!.RequestUri!);
        activity.SetCustomProperty(RedactedProperty, redacted);
        Rewrite(activity, redacted);
    }

    /// <summary>For a failed request (no response to read the mark from): rewrites the tags again if the start marked the span.</summary>
    public static void RedactSpanAgain(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.GetCustomProperty(RedactedProperty) is string redacted)
        {
            Rewrite(activity, redacted);
        }
    }

    private static void Rewrite(Activity activity, string redacted)
    {
        activity.SetTag("url.full", redacted);
        if (activity.GetTagItem("http.url") is not null)
        {
            activity.SetTag("http.url", redacted);
        }

        if (activity.GetTagItem("url.path") is not null)
        {
            activity.SetTag("url.path", RedactedPath);
        }
    }
}

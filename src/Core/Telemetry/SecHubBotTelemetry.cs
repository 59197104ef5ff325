using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecHubBot.Core.Telemetry;

/// <summary>
/// The product's own traces and metrics, one ActivitySource and one Meter named "SecHubBot" that
/// both services export over OTLP when configured. Instruments are created once here so every
/// part counts into the same series; tags are low-cardinality (never finding ids or user text).
/// </summary>
public static class SecHubBotTelemetry
{
    public const string Name = "SecHubBot";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Alerts posted to Slack; tag kind = new | grouped | thread_update.</summary>
    public static readonly Counter<long> AlertsPosted =
        Meter.CreateCounter<long>("sechubbot.alerts.posted", "{alert}", "Alerts posted to Slack");

    /// <summary>Findings not alerted; tag reason = archived | compliance_passed | workflow_not_new | below_min_severity | duplicate | own_update | unchanged.</summary>
    public static readonly Counter<long> FindingsSkipped =
        Meter.CreateCounter<long>("sechubbot.findings.skipped", "{finding}", "Findings skipped, by reason");

    /// <summary>Model calls; tags model, outcome = ok | fallback.</summary>
    public static readonly Counter<long> ModelCalls =
        Meter.CreateCounter<long>("sechubbot.model.calls", "{call}", "Model calls by outcome");

    /// <summary>Explanation cache look-ups; tag result = hit | miss.</summary>
    public static readonly Counter<long> ExplanationCache =
        Meter.CreateCounter<long>("sechubbot.explain.cache", "{lookup}", "Explanation cache hits and misses");

    /// <summary>Slack HTTP 429 answers; tag method.</summary>
    public static readonly Counter<long> SlackRateLimited =
        Meter.CreateCounter<long>("sechubbot.slack.rate_limited", "{response}", "Slack 429 answers");

    /// <summary>Slack call retries after 429 or 5xx; tag method.</summary>
    public static readonly Counter<long> SlackRetries =
        Meter.CreateCounter<long>("sechubbot.slack.retries", "{retry}", "Slack call retries");

    /// <summary>Socket Mode reconnects; tag reason.</summary>
    public static readonly Counter<long> SocketModeReconnects =
        Meter.CreateCounter<long>("sechubbot.slack.socket_mode.reconnects", "{reconnect}", "Socket Mode reconnects by reason");
}

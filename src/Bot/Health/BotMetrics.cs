using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace SecHubBot.Bot.Health;

/// <summary>
/// A few counters for <c>GET /metrics</c> (Prometheus text format; the chart's ServiceMonitor scrapes it):
/// requests by kind, follow-up answers and finding actions by outcome. Labels are fixed words, never user text.
/// </summary>
public sealed class BotMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Help)[] Families =
    [
        ("sechubbot_slack_requests_total", "Slack requests received, by kind."),
        ("sechubbot_followup_answers_total", "Follow-up answers, by outcome."),
        ("sechubbot_finding_actions_total", "Resolve/Suppress/Reopen requests, by action and outcome."),
    ];

    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();

    public void SlackRequest(string kind) => Increment("sechubbot_slack_requests_total", $"kind=\"{kind}\"");

    public void FollowUpAnswer(string outcome) => Increment("sechubbot_followup_answers_total", $"outcome=\"{outcome}\"");

    public void FindingAction(string action, string outcome)
    {
        Increment("sechubbot_finding_actions_total", $"action=\"{action}\",outcome=\"{outcome}\"");
        Core.Telemetry.SecHubBotTelemetry.Actions.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public long Value(string name, string labels) => _counters.TryGetValue((name, labels), out var value) ? value : 0;

    /// <summary>The exposition text, with the gauges the caller reads at scrape time.</summary>
    public string Render(int inFlight, int socketConnections)
    {
        var text = new StringBuilder();
        foreach (var (name, help) in Families)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var ((series, labels), value) in _counters.Where(c => c.Key.Name == name).OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{series}{{{labels}}} {value}\n");
            }
        }

        text.Append("# HELP sechubbot_inflight_requests Requests being handled (including work after the ack).\n# TYPE sechubbot_inflight_requests gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"sechubbot_inflight_requests {inFlight}\n");
        text.Append("# HELP sechubbot_socket_mode_connections Open Socket Mode connections (0 in HTTP mode).\n# TYPE sechubbot_socket_mode_connections gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"sechubbot_socket_mode_connections {socketConnections}\n");
        return text.ToString();
    }

    private void Increment(string name, string labels) => _counters.AddOrUpdate((name, labels), 1, (_, v) => v + 1);
}

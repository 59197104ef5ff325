using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SecHubBot.Bot.Health;

/// <summary>
/// The Bot's own instruments, on a Meter from the host's <see cref="IMeterFactory"/> (so two hosts in one
/// process, as in the tests, never count into each other): requests by kind, follow-up answers and finding
/// actions by outcome, in-flight work and open Socket Mode connections. OpenTelemetry exports them over OTLP
/// when an endpoint is configured (meter <see cref="MeterName"/>); <c>GET /metrics</c> renders the same
/// instruments in the Prometheus text format for the chart's ServiceMonitor, read by a listener on this
/// Meter alone. Labels are fixed words, never user text.
/// </summary>
public sealed class BotMetrics : IDisposable
{
    public const string MeterName = "SecHubBot.Bot";

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly Counter<long> _slackRequests;
    private readonly Counter<long> _followUpAnswers;
    private readonly Counter<long> _findingActions;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, long>> _values = new();

    public BotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _slackRequests = _meter.CreateCounter<long>("sechubbot.slack_requests", "{request}", "Slack requests received, by kind.");
        _followUpAnswers = _meter.CreateCounter<long>("sechubbot.followup_answers", "{answer}", "Follow-up answers, by outcome.");
        _findingActions = _meter.CreateCounter<long>("sechubbot.finding_actions", "{action}", "Resolve/Suppress/Reopen requests, by action and outcome.");
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                _values.TryAdd(instrument, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Record(instrument, value, tags, state));
        _listener.Start();
    }

    public void SlackRequest(string kind) => _slackRequests.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void FollowUpAnswer(string outcome) => _followUpAnswers.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void FindingAction(string action, string outcome) =>
        _findingActions.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Gauges read when a reader collects (a scrape of <c>GET /metrics</c>, or an OTLP export).</summary>
    public void ObserveGauges(Func<int> inFlight, Func<int> socketConnections)
    {
        _meter.CreateObservableGauge("sechubbot.inflight_requests", inFlight, "{request}", "Requests being handled (including work after the ack).");
        _meter.CreateObservableGauge("sechubbot.socket_mode_connections", socketConnections, "{connection}", "Open Socket Mode connections (0 in HTTP mode).");
    }

    /// <summary>
    /// The exposition text: OpenTelemetry's Prometheus names (dots become underscores, counters end in
    /// <c>_total</c>), families and series in a stable order.
    /// </summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (instrument, series) in _values.OrderBy(v => v.Key is Counter<long> ? 0 : 1).ThenBy(v => v.Key.Name, StringComparer.Ordinal))
        {
            var counter = instrument is Counter<long>;
            var name = instrument.Name.Replace('.', '_') + (counter ? "_total" : "");
            text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
            text.Append("# TYPE ").Append(name).Append(counter ? " counter\n" : " gauge\n");
            foreach (var (labels, value) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append(name).Append(labels.Length == 0 ? "" : $"{{{labels}}}").Append(CultureInfo.InvariantCulture, $" {value}\n");
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!_values.TryGetValue(instrument, out var series))
        {
            return;
        }

        var labels = Labels(tags);
        if (instrument is Counter<long>)
        {
            series.AddOrUpdate(labels, value, (_, total) => total + value);
        }
        else
        {
            series[labels] = value;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add(string.Create(CultureInfo.InvariantCulture, $"{tag.Key}=\"{tag.Value}\""));
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }
}

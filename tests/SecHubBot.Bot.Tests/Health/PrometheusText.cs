using System.Globalization;

namespace SecHubBot.Bot.Tests.Health;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4): <c># TYPE name kind</c> lines and
/// <c>name{labels} value</c> samples; labels are kept as written, so any extra label (such as an exporter's
/// scope label) makes a series distinct rather than breaking the parse.
/// </summary>
/// <remarks>https://prometheus.io/docs/instrumenting/exposition_formats/</remarks>
internal sealed class PrometheusText
{
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Name, string Labels), double> Samples { get; } = [];

    public double? Value(string name, string labels) => Samples.TryGetValue((name, labels), out var value) ? value : null;

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                parsed.Types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var valueAt = line.LastIndexOf(' ');
            var series = line[..valueAt];
            var open = series.IndexOf('{', StringComparison.Ordinal);
            var key = open < 0 ? (series, "") : (series[..open], series[(open + 1)..^1]);
            parsed.Samples[key] = double.Parse(line[(valueAt + 1)..], CultureInfo.InvariantCulture);
        }

        return parsed;
    }
}

namespace SecHubBot.Core.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary><c>Telemetry:OtlpEndpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): where metrics and traces go; unset, nothing is exported.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The endpoint, or null when export is off or the value is not a URL (then <see cref="Problems"/> says so).</summary>
    public Uri? OtlpEndpointUri =>
        !string.IsNullOrWhiteSpace(OtlpEndpoint) && Uri.TryCreate(OtlpEndpoint.Trim(), UriKind.Absolute, out var uri) ? uri : null;

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && OtlpEndpointUri is null)
        {
            yield return $"Telemetry:OtlpEndpoint \"{OtlpEndpoint}\" is not an absolute URL";
        }
    }
}

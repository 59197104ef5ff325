using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SecHubBot.Core.Telemetry;

/// <summary>
/// OpenTelemetry for both services: our Meter and ActivitySource, the GenAI client conventions,
/// outgoing HTTP and the .NET runtime, exported over OTLP when an endpoint is configured
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or <c>Telemetry:OtlpEndpoint</c>). With no endpoint nothing is
/// exported and the instruments cost next to nothing.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    /// <summary>The OTLP endpoint, or null when telemetry export is off.</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[OtlpEndpointKey] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new Configuration.InvalidConfigurationException(OtlpEndpointKey, $"{OtlpEndpointKey} \"{value}\" is not an absolute URL.");
    }

    /// <summary>For hosted services (the Bot): providers live as long as the host.</summary>
    public static IServiceCollection AddSecHubBotTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, Action<MeterProviderBuilder>? metrics = null, Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var endpoint = OtlpEndpoint(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                Metrics(m);
                metrics?.Invoke(m);
                if (endpoint is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            })
            .WithTracing(t =>
            {
                Traces(t);
                tracing?.Invoke(t);
                if (endpoint is not null)
                {
                    t.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        return services;
    }

    /// <summary>
    /// For the Lambda, which has no host: providers the caller disposes, and flushes after each
    /// invocation (the sandbox freezes between invocations, so nothing may wait in a buffer).
    /// </summary>
    public static TelemetryProviders CreateProviders(IConfiguration configuration, string serviceName, Action<MeterProviderBuilder>? metrics = null)
    {
        var endpoint = OtlpEndpoint(configuration);
        var meterBuilder = Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddService(serviceName));
        Metrics(meterBuilder);
        metrics?.Invoke(meterBuilder);
        var tracerBuilder = Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddService(serviceName));
        Traces(tracerBuilder);
        if (endpoint is not null)
        {
            meterBuilder.AddOtlpExporter(o => o.Endpoint = endpoint);
            tracerBuilder.AddOtlpExporter(o => o.Endpoint = endpoint);
        }

        return new TelemetryProviders(meterBuilder.Build()!, tracerBuilder.Build()!);
    }

    private static void Metrics(MeterProviderBuilder builder) => builder
        .AddMeter(SecHubBotTelemetry.Name)
        .AddMeter("Experimental.Microsoft.Extensions.AI")
        .AddHttpClientInstrumentation()
        .AddRuntimeInstrumentation();

    private static void Traces(TracerProviderBuilder builder) => builder
        .AddSource(SecHubBotTelemetry.Name)
        .AddSource("Experimental.Microsoft.Extensions.AI")
        .AddHttpClientInstrumentation();
}

/// <summary>The Lambda's providers: flush after every invocation, dispose at shutdown.</summary>
public sealed class TelemetryProviders(MeterProvider meters, TracerProvider traces) : IDisposable
{
    public void Flush(int timeoutMilliseconds = 2000)
    {
        meters.ForceFlush(timeoutMilliseconds);
        traces.ForceFlush(timeoutMilliseconds);
    }

    public void Dispose()
    {
        meters.Dispose();
        traces.Dispose();
    }
}

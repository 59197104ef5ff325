using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.Telemetry;

/// <summary>
/// OpenTelemetry for both services: our Meter and ActivitySource, the GenAI client conventions,
/// outgoing HTTP and the .NET runtime, exported over OTLP when an endpoint is configured
/// (<c>Telemetry:OtlpEndpoint</c>, or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). With no endpoint no provider is
/// built at all (building them costs tens of milliseconds of a Lambda's cold start) and the instruments are
/// no-ops, unless the host reads metrics itself (the Bot's <c>GET /metrics</c>).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the providers the configuration asks for: metrics and traces over OTLP when an endpoint is set;
    /// otherwise only metrics, and only when <paramref name="localMetrics"/> adds a reader of its own.
    /// </summary>
    public static IServiceCollection AddSecHubBotTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<MeterProviderBuilder>? localMetrics = null, Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateProblems(o => o.Problems());
        var endpoint = new TelemetryOptions { OtlpEndpoint = configuration[$"{TelemetryOptions.SectionName}:OtlpEndpoint"] }.OtlpEndpointUri;
        if (endpoint is null && localMetrics is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                Metrics(m);
                localMetrics?.Invoke(m);
                if (endpoint is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (endpoint is not null)
        {
            telemetry.WithTracing(t =>
            {
                Traces(t);
                tracing?.Invoke(t);
                t.AddOtlpExporter(o => o.Endpoint = endpoint);
            });
        }

        return services;
    }

    /// <summary>
    /// Exports what is buffered, if any provider is registered. The Lambda calls it after every invocation:
    /// the sandbox freezes in between, so nothing may wait in a buffer.
    /// </summary>
    public static void FlushTelemetry(this IServiceProvider services, int timeoutMilliseconds = 2000)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<MeterProvider>()?.ForceFlush(timeoutMilliseconds);
        services.GetService<TracerProvider>()?.ForceFlush(timeoutMilliseconds);
    }

    private static void Metrics(MeterProviderBuilder builder) => builder
        .AddMeter(SecHubBotTelemetry.Name, SecHubBotTelemetry.Name + ".*")
        .AddMeter("Experimental.Microsoft.Extensions.AI")
        .AddHttpClientInstrumentation()
        .AddRuntimeInstrumentation();

    // The enrich hooks run when the request starts and again when it ends, after the runtime's own tags are
    // set (.NET 9+ writes url.full itself); both rewrite a credential URL (CredentialUrls).
    private static void Traces(TracerProviderBuilder builder) => builder
        .AddSource(SecHubBotTelemetry.Name)
        .AddSource("Experimental.Microsoft.Extensions.AI")
        .AddHttpClientInstrumentation(o =>
        {
            o.EnrichWithHttpRequestMessage = CredentialUrls.RedactSpan;
            o.EnrichWithHttpResponseMessage = (activity, response) => CredentialUrls.RedactSpan(activity, response.RequestMessage);
            o.EnrichWithException = (activity, _) => CredentialUrls.RedactSpanAgain(activity);
        });
}

using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport;

namespace SecHubBot.Bot.Health;

/// <summary>
/// <c>GET /healthz</c>: the process answers. <c>GET /metrics</c>: see <see cref="BotMetrics"/>. <c>GET /readyz</c>: the configuration was valid (the host
/// would not have started otherwise), Socket Mode has an open connection (in Socket Mode), and the pod
/// is not draining after SIGTERM.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (SocketModeTransport transport, InFlightWork work) =>
            work.IsStopping ? Results.Text("stopping", statusCode: StatusCodes.Status503ServiceUnavailable)
            : !transport.IsConnected ? Results.Text("socket mode not connected", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready"));
        var services = endpoints.ServiceProvider;
        var transport = services.GetRequiredService<SocketModeTransport>();
        var work = services.GetRequiredService<InFlightWork>();
        services.GetRequiredService<BotMetrics>().ObserveGauges(() => work.Count, () => transport.OpenConnections);
        endpoints.MapGet("/metrics", (BotMetrics metrics) => Results.Text(metrics.Render(), BotMetrics.ContentType));
        return endpoints;
    }
}

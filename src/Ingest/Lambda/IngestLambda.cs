using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Telemetry;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Lambda;

/// <summary>
/// The custom runtime's entry point: one host (<see cref="IngestHost"/>, <see cref="IngestServiceCollectionExtensions.AddIngest"/>),
/// initialised once before the first poll (options validated, the Slack token read from Secrets Manager), a
/// failure reported to /init/error; the handler and its clients are built on the first event; then invocations
/// until Lambda stops us.
/// </summary>
internal static class IngestLambda
{
    public static async Task<int> RunAsync(string runtimeApi, HostApplicationBuilder builder, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Lambda sends stdout and stderr to CloudWatch Logs; one line per entry, no colours.
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        }).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddIngest(builder.Configuration, IngestTarget.Slack);
        builder.Services.AddSecHubBotTelemetry(builder.Configuration, "sechubbot-ingest");
        using var host = builder.Build();
        var services = host.Services;

        var bootstrap = new LambdaBootstrap(RuntimeApiClient.Create(runtimeApi), TimeProvider.System, services.GetRequiredService<ILogger<LambdaBootstrap>>());
        return await bootstrap.RunAsync(
            _ =>
            {
                // Configuration is checked before the first poll (a bad key is an init error Lambda reports); the
                // handler's clients are built on the first event, so the first poll is not kept waiting for them.
                InvalidConfigurationException.ThrowIfInvalid(services);
                IInvocationHandler handler = new BuiltOnFirstUse(() => services.GetRequiredService<IngestInvocationHandler>());
                return Task.FromResult(services.GetService<OpenTelemetry.Metrics.MeterProvider>() is null ? handler : new FlushingHandler(handler, services));
            },
            shutdown).ConfigureAwait(false);
    }
}

/// <summary>The handler, built (with its Security Hub, Slack, store and model clients) when the first event arrives.</summary>
internal sealed class BuiltOnFirstUse(Func<IInvocationHandler> build) : IInvocationHandler
{
    private readonly Lazy<IInvocationHandler> _handler = new(build, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken) => _handler.Value.HandleAsync(invocation, cancellationToken);
}

/// <summary>Flushes metrics and traces after every invocation: Lambda freezes the sandbox in between.</summary>
internal sealed class FlushingHandler(IInvocationHandler inner, IServiceProvider services) : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            services.FlushTelemetry();
        }
    }
}

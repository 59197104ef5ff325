using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Telemetry;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Pipeline;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Lambda;

/// <summary>
/// The custom runtime's entry point: initialise (configuration, the Slack token from Secrets Manager,
/// clients) once, reporting a failure to /init/error, then serve invocations until Lambda stops us.
/// </summary>
internal static class IngestLambda
{
    public static async Task<int> RunAsync(
        string runtimeApi, CancellationToken shutdown, Func<string, string?>? getEnvironment = null, Action<IServiceCollection>? configureServices = null,
        IEnumerable<string>? settings = null)
    {
        // Lambda sends stdout and stderr to CloudWatch Logs; one line per entry, no colours.
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.ColorBehavior = Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled;
            })
            .SetMinimumLevel(LogLevel.Information));
        ServiceProvider? provider = null;
        using var telemetry = TelemetryServiceCollectionExtensions.CreateProviders(
            IngestServices.BuildConfiguration(settings ?? [], getEnvironment), "sechubbot-ingest");
        try
        {
            var bootstrap = new LambdaBootstrap(RuntimeApiClient.Create(runtimeApi), TimeProvider.System, loggerFactory.CreateLogger<LambdaBootstrap>());
            return await bootstrap.RunAsync(
                async cancellationToken =>
                {
                    provider = await BuildAsync(loggerFactory, getEnvironment, configureServices, settings ?? [], cancellationToken).ConfigureAwait(false);
                    return new FlushingHandler(provider.GetRequiredService<IngestInvocationHandler>(), telemetry);
                },
                shutdown).ConfigureAwait(false);
        }
        finally
        {
            if (provider is not null)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static async Task<ServiceProvider> BuildAsync(
        ILoggerFactory loggerFactory, Func<string, string?>? getEnvironment, Action<IServiceCollection>? configureServices, IEnumerable<string> settings,
        CancellationToken cancellationToken)
    {
        // settings ("Section:Key=value") exist for tests; on Lambda everything comes from the environment.
        var configuration = IngestServices.BuildConfiguration(settings, getEnvironment);
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddAwsCore(configuration);

        // The token is read with the same credentials the other AWS calls use (tests register fixed ones first).
        using (var bootstrapServices = services.BuildServiceProvider())
        {
            configuration = await IngestServices.ResolveBotTokenAsync(
                configuration, bootstrapServices.GetRequiredService<AwsCredentialSource>(), getEnvironment, cancellationToken).ConfigureAwait(false);
        }

        var channel = configuration["Slack:Channel"] ?? string.Empty;
        services.AddSlackAndSecurityHub(configuration, getEnvironment);
        services.AddIngestPipeline(configuration, channel, getEnvironment);
        services.AddSingleton(sp => new IngestInvocationHandler(
            sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<IngestOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<IngestInvocationHandler>>()));
        var provider = services.BuildServiceProvider();
        try
        {
            IngestServices.ValidateForPosting(provider);
            _ = provider.GetRequiredService<IngestInvocationHandler>();
            return provider;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>Flushes metrics and traces after every invocation: Lambda freezes the sandbox in between.</summary>
internal sealed class FlushingHandler(IInvocationHandler inner, TelemetryProviders telemetry) : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            telemetry.Flush();
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Transport.SocketMode;

public static class SlackSocketModeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SocketModeClient"/> as a singleton (options from <c>Slack:SocketMode</c>).
    /// Needs <see cref="SlackWebApiServiceCollectionExtensions.AddSlackWebApi"/> and an
    /// <see cref="ISlackRequestHandler"/>. The host decides whether to run it, e.g.
    /// <c>services.AddHostedService(sp =&gt; sp.GetRequiredService&lt;SocketModeClient&gt;())</c> when an app token is set.
    /// </summary>
    public static IServiceCollection AddSlackSocketMode(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SocketModeOptions>().BindConfiguration(SocketModeOptions.SectionName).ValidateProblems(o => o.Problems());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SocketModeClient(
            ct => sp.GetRequiredService<SlackApiClient>().OpenConnectionAsync(ct),
            sp.GetRequiredService<ISlackRequestHandler>(),
            sp.GetRequiredService<IOptions<SocketModeOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

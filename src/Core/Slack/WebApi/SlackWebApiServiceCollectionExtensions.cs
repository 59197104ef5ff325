using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Slack.WebApi;

public static class SlackWebApiServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SlackOptions"/> from the <c>Slack</c> section (the SLACK_* names are aliases, see
    /// ConfigurationAliases) and registers <see cref="SlackApiClient"/> as a typed HttpClient with one shared
    /// <see cref="SlackCallPacer"/>. What a host requires of the section (a token, a channel) it validates itself.
    /// </summary>
    public static IServiceCollection AddSlackWebApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SlackCallPacer(
            sp.GetRequiredService<IOptions<SlackOptions>>().Value.PostMessageInterval,
            sp.GetRequiredService<TimeProvider>()));

        // Retries live in the client (429 + Retry-After, bounded); no extra resilience handler, which
        // would re-send non-idempotent chat.postMessage calls on timeouts. The factory's default request
        // logging is removed: it logs full URLs, and a response_url is itself a credential.
        services.AddHttpClient(nameof(SlackApiClient)).RemoveAllLoggers().AddTypedClient((http, sp) => new SlackApiClient(
            http,
            sp.GetRequiredService<IOptions<SlackOptions>>().Value,
            sp.GetRequiredService<SlackCallPacer>(),
            sp.GetService<ILogger<SlackApiClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

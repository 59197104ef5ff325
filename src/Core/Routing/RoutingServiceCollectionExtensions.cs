using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Routing</c> and <c>Accounts</c>, validated at start-up (one line per problem, naming the rule and key),
    /// and registers <see cref="AlertRouter"/> and <see cref="AccountNames"/>. The host supplies the
    /// <see cref="RouteDefaults"/> from its own options (<c>Slack:Channel</c>, <c>Explain:IacFlavor</c>, <c>Authorization:Approvers</c>).
    /// </summary>
    public static IServiceCollection AddAlertRouting(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, RouteDefaults> defaults)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(defaults);

        // BindConfiguration reads IConfiguration from the container; a host has registered it already.
        services.TryAddSingleton(configuration);
        services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.SectionName)
            .PostConfigure(o => RoutingConfigurationCheck.ExpandCommaSeparatedLists(o, configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>>(new ProblemsValidator<RoutingOptions>(o => o.Problems(configuration)));
        services.AddOptions<AccountsOptions>()
            .BindConfiguration(AccountsOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountsOptions>>(new ProblemsValidator<AccountsOptions>(_ => AccountsOptions.Problems(configuration)));

        services.TryAddSingleton(sp => new AlertRouter(sp.GetRequiredService<IOptions<RoutingOptions>>(), defaults(sp)));
        services.TryAddSingleton<AccountNames>();
        return services;
    }

    /// <summary>Start-up validation from a function listing the problems, one line each.</summary>
    private sealed class ProblemsValidator<T>(Func<T, IReadOnlyList<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options);
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}

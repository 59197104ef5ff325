using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AwsOptions"/> (also resolvable as the instance itself) and registers the SDK's default
    /// credential chain, unless the host (or a test, with <see cref="AwsCredentialSource.Fixed"/>) registered its own first.
    /// Hosts that need a region add <c>AddOptions&lt;AwsOptions&gt;().ValidateProblems(...)</c>.
    /// </summary>
    public static IServiceCollection AddAwsCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AwsOptions>().BindConfiguration(AwsOptions.SectionName);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AwsOptions>>().Value);
        services.TryAddSingleton(_ => AwsCredentialSource.DefaultChain());
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecHubBot.Core.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsOptions"/> and the SDK's default credential chain, unless the host (or a
    /// test, with <see cref="AwsCredentialSource.Fixed"/>) registered its own first.
    /// </summary>
    public static IServiceCollection AddAwsCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => AwsOptions.From(configuration));
        services.TryAddSingleton(_ => AwsCredentialSource.DefaultChain());
        return services;
    }
}

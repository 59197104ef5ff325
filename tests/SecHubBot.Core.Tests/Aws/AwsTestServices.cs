using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Aws;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Aws;

/// <summary>Wires the real clients to loopback fakes with the test-suite key pair; nothing reaches AWS.</summary>
internal static class AwsTestServices
{
    public static AWSCredentials TestCredentials { get; } = new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey);

    public static ServiceProvider SecurityHub(FakeSecurityHub fake, AWSCredentials? credentials = null, int maxRetries = 4, string attemptTimeout = "00:00:05", string region = "us-east-1")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = region,
            ["SecurityHub:ServiceUrl"] = fake.BaseUrl.ToString(),
            ["SecurityHub:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SecurityHub:RetryBaseDelay"] = "00:00:00.010",
            ["SecurityHub:MaxRetryDelay"] = "00:00:00.050",
            ["SecurityHub:AttemptTimeout"] = attemptTimeout,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(AwsCredentialSource.Fixed(credentials ?? TestCredentials));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSecurityHub();
        return services.BuildServiceProvider();
    }
}

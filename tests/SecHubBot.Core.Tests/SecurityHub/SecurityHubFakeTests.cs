using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.SecurityHub;

/// <summary>A started Security Hub fake on loopback and a client wired to it, fresh for each test.</summary>
public abstract class SecurityHubFakeTests : IAsyncLifetime
{
    protected FakeSecurityHub Fake { get; } = new();

    protected ServiceProvider Services { get; private set; } = null!;

    protected SecurityHubClient Client => Services.GetRequiredService<SecurityHubClient>();

    public async Task InitializeAsync()
    {
        await Fake.StartAsync();
        Services = AwsTestServices.SecurityHub(Fake);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

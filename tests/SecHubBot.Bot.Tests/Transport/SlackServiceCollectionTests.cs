using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.SocketMode;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Transport;

public sealed class SlackServiceCollectionTests
{
    [Fact]
    public async Task AddSlackSocketMode_FakeConfiguration_ConnectsWithConfiguredConnectionCount()
    {
        await using var slack = await SlackFake.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(slack.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:SocketMode:Connections"] = "3" })
            .Build();
        var handler = new DelegateRequestHandler();
        await using var services = new ServiceCollection()
            .AddSingleton<ISlackRequestHandler>(handler)
            .AddSingleton<IConfiguration>(configuration)
            .AddSlackWebApi()
            .AddSlackSocketMode()
            .BuildServiceProvider();

        var client = services.GetRequiredService<SocketModeClient>();
        await client.StartAsync(CancellationToken.None);
        await slack.SocketMode.WaitForConnectionsAsync(3);
        var envelope = await slack.SocketMode.SendEventAsync(SlackFakePayloads.Message("C1", "hi"));
        await envelope.Acked.WaitAsync(TimeSpan.FromSeconds(10));
        await client.StopAsync(CancellationToken.None);

        Assert.Single(handler.Handled);
        Assert.Same(services.GetRequiredService<SlackCallPacer>(), services.GetRequiredService<SlackCallPacer>());
        Assert.Equal(SlackFake.AppToken, slack.CallsTo("apps.connections.open")[0].Token);
        slack.SocketMode.AssertNoViolations();
    }
}

using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Tests.Transport;
using SecHubBot.Bot.Transport.Http;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Dispatch;

public sealed class DuplicateRequestFilterTests
{
    private readonly SlackHttpRequestReader _reader = new();

    [Fact]
    public async Task HandleAsync_HttpRetryOfSeenEvent_AckedAndNotHandledAgain()
    {
        var handler = new DelegateRequestHandler();
        var filter = new DuplicateRequestFilter(handler, TimeProvider.System, NullLogger<DuplicateRequestFilter>.Instance);
        var body = Encoding.UTF8.GetBytes(SlackFakePayloads.Message("C1", "x", eventId: "Ev9").GetRawText());
        var first = _reader.Read("application/json", body)!.Request!;
        var retry = _reader.Read("application/json", body, retryNum: "1", retryReason: "http_timeout")!.Request!;

        await filter.HandleAsync(first, CancellationToken.None);
        await filter.HandleAsync(retry, CancellationToken.None);

        Assert.Same(first, Assert.Single(handler.Handled));
        Assert.True(retry.IsAcknowledged);
    }

    [Fact]
    public async Task HandleAsync_DifferentEvents_BothHandled()
    {
        var handler = new DelegateRequestHandler();
        var filter = new DuplicateRequestFilter(handler, TimeProvider.System, NullLogger<DuplicateRequestFilter>.Instance);

        foreach (var eventId in new[] { "Ev1", "Ev2" })
        {
            var body = Encoding.UTF8.GetBytes(SlackFakePayloads.Message("C1", "x", eventId: eventId).GetRawText());
            await filter.HandleAsync(_reader.Read("application/json", body)!.Request!, CancellationToken.None);
        }

        Assert.Equal(2, handler.Handled.Count);
    }
}

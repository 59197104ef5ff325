using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Core.Tests.Slack;

public sealed class SlackCallPacerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task InChannelOrderAsync_BurstToOneChannel_OnePerIntervalInCallOrder()
    {
        var pacer = new SlackCallPacer(TimeSpan.FromSeconds(1), _time);
        var sent = new ConcurrentQueue<(int Index, TimeSpan At)>();
        var start = _time.GetUtcNow();

        var posts = Enumerable.Range(0, 4)
            .Select(i => pacer.InChannelOrderAsync("C1", () => Record(sent, i, start), CancellationToken.None))
            .ToList();
        var other = pacer.InChannelOrderAsync("C2", () => Task.FromResult(-1), CancellationToken.None);
        // Fake time moves in small steps until every post is out, so no step can skip past a slot.
        for (var step = 0; step < 1000 && !posts.All(p => p.IsCompleted); step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(-1, await other.WaitAsync(TimeSpan.FromSeconds(5)));
        var order = sent.ToArray();
        Assert.Equal([0, 1, 2, 3], order.Select(s => s.Index));
        Assert.Equal(TimeSpan.Zero, order[0].At);
        for (var i = 1; i < order.Length; i++)
        {
            Assert.True(order[i].At - order[i - 1].At >= TimeSpan.FromSeconds(1), $"post {i} came {order[i].At - order[i - 1].At} after post {i - 1}");
        }
    }

    [Fact]
    public async Task WaitForMethodAsync_AfterBlockMethod_WaitsOutRetryAfter()
    {
        var pacer = new SlackCallPacer(TimeSpan.Zero, _time);
        pacer.BlockMethod("chat.update", TimeSpan.FromSeconds(30));

        var waiting = pacer.WaitForMethodAsync("chat.update", CancellationToken.None);
        var otherMethod = pacer.WaitForMethodAsync("users.info", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.True(otherMethod.IsCompletedSuccessfully);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private Task<int> Record(ConcurrentQueue<(int, TimeSpan)> sent, int index, DateTimeOffset start)
    {
        sent.Enqueue((index, _time.GetUtcNow() - start));
        return Task.FromResult(index);
    }
}

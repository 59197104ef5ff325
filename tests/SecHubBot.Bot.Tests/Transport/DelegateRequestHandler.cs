using System.Collections.Concurrent;
using SecHubBot.Bot.Transport;

namespace SecHubBot.Bot.Tests.Transport;

/// <summary>An <see cref="ISlackRequestHandler"/> driven by a delegate, recording every request it got.</summary>
internal sealed class DelegateRequestHandler(Func<SlackRequest, CancellationToken, Task>? handle = null) : ISlackRequestHandler
{
    private readonly ConcurrentQueue<SlackRequest> _handled = new();
    private int _running;

    public IReadOnlyList<SlackRequest> Handled => [.. _handled];

    public int Running => Volatile.Read(ref _running);

    public async Task HandleAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        _handled.Enqueue(request);
        Interlocked.Increment(ref _running);
        try
        {
            if (handle is null)
            {
                await request.AckAsync(cancellationToken: cancellationToken);
            }
            else
            {
                await handle(request, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (_handled.Count < count)
        {
            try
            {
                await Task.Delay(5, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} handled requests, got {_handled.Count}.");
            }
        }
    }
}

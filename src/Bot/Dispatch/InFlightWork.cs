namespace SecHubBot.Bot.Dispatch;

/// <summary>
/// Counts work under way (handlers keep running after their ack), so SIGTERM can stop taking new
/// work and wait for what is in flight within the pod's grace period.
/// </summary>
public sealed class InFlightWork
{
    private readonly Lock _gate = new();
    private int _count;
    private bool _stopping;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public bool IsStopping
    {
        get
        {
            lock (_gate)
            {
                return _stopping;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Completes when nothing is in flight: every request taken so far has finished its slow work.</summary>
    public Task WhenIdle
    {
        get
        {
            lock (_gate)
            {
                return _idle.Task;
            }
        }
    }

    /// <summary>Registers one piece of work; false once stopping. Dispose the lease when the work ends.</summary>
    public bool TryEnter(out IDisposable lease)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                lease = NoLease.Instance;
                return false;
            }

            if (_count++ == 0)
            {
                _idle = NewIdle(completed: false);
            }

            lease = new Lease(this);
            return true;
        }
    }

    /// <summary>Stops taking new work (and /readyz turns 503) at once.</summary>
    public void BeginStop()
    {
        lock (_gate)
        {
            _stopping = true;
        }
    }

    /// <summary>Stops taking work and waits until in-flight work ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_gate)
        {
            _stopping = true;
            idle = _idle.Task;
        }

        await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_count == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }

    private sealed class Lease(InFlightWork owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit();
            }
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}

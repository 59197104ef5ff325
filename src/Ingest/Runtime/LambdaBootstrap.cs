using Microsoft.Extensions.Logging;

namespace SecHubBot.Ingest.Runtime;

/// <summary>
/// The custom runtime's loop: initialise once (a failure goes to /init/error), then next → handle →
/// response or error, until the Runtime API says stop or the process is asked to shut down. Each
/// invocation's work is bounded by its deadline, less a margin to report before Lambda kills us.
/// </summary>
internal sealed partial class LambdaBootstrap(RuntimeApiClient client, TimeProvider time, ILogger<LambdaBootstrap> logger, Action<string, string?>? setEnvironment = null)
{
    /// <summary>Time kept back from the deadline to send the response or error.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);

    private readonly Action<string, string?> _setEnvironment = setEnvironment ?? Environment.SetEnvironmentVariable;

    /// <summary>Runs the loop; returns the process exit code.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<IInvocationHandler>> initialise, CancellationToken shutdown)
    {
        IInvocationHandler handler;
        try
        {
            handler = await initialise(shutdown).ConfigureAwait(false);
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested)
        {
            LogInitFailed(ex.GetType().Name, ex.Message);
            await client.ReportInitErrorAsync(new LambdaError(ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        while (!shutdown.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await client.NextAsync(shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                break;
            }
            catch (RuntimeApiFatalException ex)
            {
                LogFatal(ex.Message);
                return 1;
            }

            try
            {
                await InvokeAsync(handler, invocation, shutdown).ConfigureAwait(false);
            }
            catch (RuntimeApiFatalException ex)
            {
                LogFatal(ex.Message);
                return 1;
            }
            catch (HttpRequestException ex)
            {
                LogReportFailed(invocation.RequestId, ex.Message);
            }
        }

        return 0;
    }

    private async Task InvokeAsync(IInvocationHandler handler, Invocation invocation, CancellationToken shutdown)
    {
        _setEnvironment("_X_AMZN_TRACE_ID", invocation.TraceId);
        using var deadline = invocation.Deadline is { } at
            ? new CancellationTokenSource(Max(at - time.GetUtcNow() - DeadlineMargin, TimeSpan.FromMilliseconds(1)), time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, shutdown);

        byte[] response;
        try
        {
            response = await handler.HandleAsync(invocation, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var type = deadline.IsCancellationRequested && ex is OperationCanceledException ? "DeadlineExceeded" : ex.GetType().Name;
            LogInvocationFailed(invocation.RequestId, type, ex.Message);
            await client.ReportErrorAsync(invocation.RequestId, new LambdaError(type, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await client.RespondAsync(invocation.RequestId, response, CancellationToken.None).ConfigureAwait(false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Initialisation failed ({ErrorType}): {ErrorMessage}")]
    private partial void LogInitFailed(string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping: {Reason}")]
    private partial void LogFatal(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId} failed ({ErrorType}): {ErrorMessage}")]
    private partial void LogInvocationFailed(string requestId, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not report the result of invocation {RequestId}: {Reason}")]
    private partial void LogReportFailed(string requestId, string reason);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecHubBot.Fakes.Lambda;

/// <summary>
/// The Lambda Runtime API (2018-06-01) as a real HTTP server on 127.0.0.1: hands out queued
/// invocations on GET next (blocking like Lambda until one is queued), records responses, errors and
/// init errors, and can answer 500 to end the runtime ("non-recoverable state").
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResult>> _results = new();
    private readonly TaskCompletionSource<long> _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>"host:port", what AWS_LAMBDA_RUNTIME_API holds.</summary>
    public string RuntimeApi { get; private set; } = "";

    public ConcurrentQueue<InvocationResult> InitErrors { get; } = new();

    /// <summary>When the first GET next arrived (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): the runtime is initialised.</summary>
    public Task<long> FirstPoll => _firstPoll.Task;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        fake.Map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.RuntimeApi = new Uri(address).Authority;
        return fake;
    }

    /// <summary>Queues an invocation; the returned task completes when the runtime answers it.</summary>
    public Task<InvocationResult> InvokeAsync(string payload, TimeSpan? timeout = null, string? traceId = null)
    {
        var requestId = Guid.NewGuid().ToString();
        var result = new TaskCompletionSource<InvocationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _results[requestId] = result;
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        _queue.Writer.TryWrite(new QueuedInvocation(requestId, payload, deadline, traceId));
        return result.Task;
    }

    /// <summary>The next GET next answers 500, which tells the runtime to exit.</summary>
    public void Shutdown() => _queue.Writer.TryWrite(new QueuedInvocation("", "", default, null, Fatal: true));

    private void Map(WebApplication app)
    {
        app.MapGet("/2018-06-01/runtime/invocation/next", async (HttpContext context) =>
        {
            _firstPoll.TrySetResult(System.Diagnostics.Stopwatch.GetTimestamp());
            var next = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (next.Fatal)
            {
                context.Response.StatusCode = 500;
                return;
            }

            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:111122223333:function:sechubbot-ingest";
            if (next.TraceId is not null)
            {
                context.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(next.Payload).ConfigureAwait(false);
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", async (string id, HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false);
            Complete(id, new InvocationResult(true, body, null));
            context.Response.StatusCode = 202;
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", async (string id, HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false);
            Complete(id, new InvocationResult(false, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), context.Request.ContentType));
            context.Response.StatusCode = 202;
        });

        app.MapPost("/2018-06-01/runtime/init/error", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false);
            InitErrors.Enqueue(new InvocationResult(false, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), context.Request.ContentType));
            context.Response.StatusCode = 202;
        });
    }

    private void Complete(string requestId, InvocationResult result)
    {
        if (_results.TryRemove(requestId, out var pending))
        {
            pending.TrySetResult(result);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record QueuedInvocation(string RequestId, string Payload, DateTimeOffset Deadline, string? TraceId, bool Fatal = false);
}

/// <summary>What the runtime posted for an invocation: a response body, or an error body with its type header.</summary>
public sealed record InvocationResult(bool Succeeded, string Body, string? ErrorType, string? ContentType = null);

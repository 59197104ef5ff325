using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Fakes.Lambda;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Tests.Runtime;

public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private FakeRuntimeApi _api = null!;
    private readonly Dictionary<string, string?> _environment = [];

    public async Task InitializeAsync() => _api = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private LambdaBootstrap Bootstrap() =>
        new(RuntimeApiClient.Create(_api.RuntimeApi), TimeProvider.System, NullLogger<LambdaBootstrap>.Instance, (k, v) => _environment[k] = v);

    private static Func<CancellationToken, Task<IInvocationHandler>> Handler(Func<Invocation, CancellationToken, Task<byte[]>> handle) =>
        _ => Task.FromResult<IInvocationHandler>(new DelegateHandler(handle));

    [Fact]
    public async Task RunAsync_Invocations_RespondsToEachInOrderThenExitsOnFatal()
    {
        var loop = Bootstrap().RunAsync(Handler((i, _) => Task.FromResult(Encoding.UTF8.GetBytes("{\"echo\":" + Encoding.UTF8.GetString(i.Payload) + "}"))), CancellationToken.None);

        var first = await _api.InvokeAsync("1", traceId: "Root=1-abc").WaitAsync(Wait);
        var second = await _api.InvokeAsync("2").WaitAsync(Wait);
        _api.Shutdown();

        Assert.Equal("{\"echo\":1}", first.Body);
        Assert.Equal("{\"echo\":2}", second.Body);
        Assert.Equal(1, await loop.WaitAsync(Wait)); // 500 from next: exit non-zero, promptly
        Assert.True(_environment.ContainsKey("_X_AMZN_TRACE_ID"));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_PostsErrorAndKeepsServing()
    {
        var calls = 0;
        var loop = Bootstrap().RunAsync(Handler((_, _) => ++calls == 1 ? throw new InvalidDataException("bad batch") : Task.FromResult("{}"u8.ToArray())), CancellationToken.None);

        var failed = await _api.InvokeAsync("{}").WaitAsync(Wait);
        var next = await _api.InvokeAsync("{}").WaitAsync(Wait);
        _api.Shutdown();
        await loop.WaitAsync(Wait);

        Assert.False(failed.Succeeded);
        Assert.Equal("InvalidDataException", failed.ErrorType);
        Assert.StartsWith("application/vnd.aws.lambda.error+json", failed.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(failed.Body);
        Assert.Equal("bad batch", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidDataException", body.RootElement.GetProperty("errorType").GetString());
        Assert.True(next.Succeeded);
    }

    [Fact]
    public async Task RunAsync_InitialisationFails_PostsInitErrorAndExits()
    {
        var exit = await Bootstrap().RunAsync(_ => throw new InvalidOperationException("Slack:BotToken is missing"), CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(1, exit);
        var error = Assert.Single(_api.InitErrors);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Contains("Slack:BotToken is missing", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HandlerOutlivesDeadline_IsCancelledAndReportsDeadlineExceeded()
    {
        var loop = Bootstrap().RunAsync(Handler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        }), CancellationToken.None);

        var result = await _api.InvokeAsync("{}", timeout: TimeSpan.FromSeconds(1)).WaitAsync(Wait);
        _api.Shutdown();
        await loop.WaitAsync(Wait);

        Assert.False(result.Succeeded);
        Assert.Equal("DeadlineExceeded", result.ErrorType);
    }

    [Fact]
    public async Task RunAsync_ShutdownWhileWaitingForNext_ExitsCleanly()
    {
        using var shutdown = new CancellationTokenSource();
        var loop = Bootstrap().RunAsync(Handler((_, _) => Task.FromResult(Array.Empty<byte>())), shutdown.Token);

        await shutdown.CancelAsync();

        Assert.Equal(0, await loop.WaitAsync(Wait));
    }

    private sealed class DelegateHandler(Func<Invocation, CancellationToken, Task<byte[]>> handle) : IInvocationHandler
    {
        public Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken) => handle(invocation, cancellationToken);
    }
}

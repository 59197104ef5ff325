using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SecHubBot.Fakes.Aws;

/// <summary>A request as the fake received it, after signature checking.</summary>
public sealed record RecordedAwsRequest(string Method, string RawTarget, string Body, IReadOnlyDictionary<string, string> Headers, string? SignatureError);

/// <summary>
/// A loopback Kestrel server (127.0.0.1, random port) that checks every request's SigV4 signature
/// with <see cref="SigV4Verifier"/> and answers 403 InvalidSignatureException for a bad one, as AWS does.
/// </summary>
public abstract class FakeAwsHost : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedAwsRequest> _requests = new();
    private WebApplication? _app;

    protected FakeAwsHost(string region, string service)
    {
        Verifier = new SigV4Verifier(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, region, service);
    }

    /// <summary>The checker; replace it (init) to expect a session token or another key.</summary>
    public SigV4Verifier Verifier { get; set; }

    /// <summary>The base URL, such as http://127.0.0.1:49152/.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<RecordedAwsRequest> Requests => [.. _requests];

    /// <summary>Requests whose signature the verifier rejected.</summary>
    public int SignatureFailures => _requests.Count(r => r.SignatureError is not null);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync().ConfigureAwait(false);
        var address = _app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("no server");
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            // Bounded: a request parked in a simulated slow answer must not hold the test run.
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Answers a request whose signature checked out.</summary>
    protected abstract Task<FakeResponse> RespondAsync(string method, string path, JsonDocument? body, RecordedAwsRequest request, CancellationToken cancellationToken);

    protected static FakeResponse Error(int status, string code, string message) =>
        new(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["Code"] = code, ["Message"] = message, ["message"] = message }), code);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var headers = context.Request.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.Select(v => v ?? string.Empty).ToArray())).ToList();
        var signatureError = Verifier.Verify(context.Request.Method, rawTarget, headers, bytes, DateTimeOffset.UtcNow);
        var recorded = new RecordedAwsRequest(
            context.Request.Method, rawTarget, Encoding.UTF8.GetString(bytes),
            headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), signatureError);
        _requests.Enqueue(recorded);

        FakeResponse response;
        if (signatureError is not null)
        {
            response = Error(403, "InvalidSignatureException", signatureError);
        }
        else
        {
            JsonDocument? document = null;
            try
            {
                if (bytes.Length > 0)
                {
                    document = JsonDocument.Parse(bytes);
                }
            }
            catch (JsonException)
            {
                await WriteAsync(context, Error(400, "SerializationException", "Request body is not JSON.")).ConfigureAwait(false);
                return;
            }

            using (document)
            {
                response = await RespondAsync(context.Request.Method, context.Request.Path.Value ?? "/", document, recorded, context.RequestAborted).ConfigureAwait(false);
            }
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, FakeResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.ErrorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = response.ErrorType;
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.BinaryBody is { } binary)
        {
            await context.Response.Body.WriteAsync(binary, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

/// <summary>What a fake answers.</summary>
public sealed record FakeResponse(int Status, string Body, string? ErrorType = null, string ContentType = "application/json")
{
    /// <summary>When set, sent instead of <see cref="Body"/> (event streams).</summary>
    public byte[]? BinaryBody { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

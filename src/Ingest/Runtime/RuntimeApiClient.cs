using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SecHubBot.Ingest.Runtime;

/// <summary>
/// The Lambda Runtime API's four calls (next, response, error, init error) over HttpClient, as
/// aws-lambda-dotnet's RuntimeSupport does it. Base: http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01.
/// </summary>
internal sealed class RuntimeApiClient(HttpClient http)
{
    private const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    public static RuntimeApiClient Create(string runtimeApi)
    {
        // "next" blocks until an event arrives, for as long as the sandbox lives: no client timeout.
        var http = new HttpClient { BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"), Timeout = Timeout.InfiniteTimeSpan };
        return new RuntimeApiClient(http);
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("runtime/invocation/next", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            // "Non-recoverable state. Runtime should exit promptly."
            throw new RuntimeApiFatalException("the Runtime API answered 500 to next");
        }

        response.EnsureSuccessStatusCode();
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
                        ?? throw new RuntimeApiFatalException("the Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id");
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(requestId, payload)
        {
            Deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null,
            InvokedFunctionArn = Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            TraceId = Header(response, "Lambda-Runtime-Trace-Id"),
        };
    }

    public async Task RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "response").ConfigureAwait(false);
    }

    public async Task ReportErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(ErrorRequest($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "error").ConfigureAwait(false);
    }

    public async Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(ErrorRequest("runtime/init/error", error), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "init error").ConfigureAwait(false);
    }

    private static HttpRequestMessage ErrorRequest(string path, LambdaError error)
    {
        var json = JsonSerializer.Serialize(new LambdaErrorBody(error.ErrorMessage, error.ErrorType, []), RuntimeJsonContext.Default.LambdaErrorBody);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, ErrorContentType),
        };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", error.ErrorType);
        return request;
    }

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string call)
    {
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            throw new RuntimeApiFatalException($"the Runtime API answered 500 to {call}");
        }

        if (!response.IsSuccessStatusCode)
        {
            // 413 (payload too large) or 400: the invocation is lost either way; log and carry on with the next.
            var detail = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new HttpRequestException($"the Runtime API answered {(int)response.StatusCode} to {call}: {detail}");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The Runtime API said the sandbox is unusable; the process must exit.</summary>
internal sealed class RuntimeApiFatalException(string message) : Exception(message);

// A hello-world custom runtime: GET next, POST the response, until the Runtime API answers an error.
var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
    ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
using var http = new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
while (true)
{
    using var next = await http.GetAsync("invocation/next");
    if (!next.IsSuccessStatusCode)
    {
        return 0;
    }

    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    using var content = new StringContent("{\"hello\":\"world\"}", System.Text.Encoding.UTF8, "application/json");
    using var posted = await http.PostAsync($"invocation/{requestId}/response", content);
}

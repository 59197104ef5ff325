namespace SecHubBot.Ingest.Runtime;

/// <summary>One invocation as the Runtime API hands it out (GET /runtime/invocation/next).</summary>
/// <remarks>https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html</remarks>
internal sealed record Invocation(string RequestId, byte[] Payload)
{
    /// <summary>Lambda-Runtime-Deadline-Ms: when the function times out, as a point in time.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public string? InvokedFunctionArn { get; init; }

    /// <summary>Lambda-Runtime-Trace-Id: X-Ray's header, exported as _X_AMZN_TRACE_ID for the invocation.</summary>
    public string? TraceId { get; init; }
}

/// <summary>The body of /error and /init/error, and the error type header's value.</summary>
internal sealed record LambdaError(string ErrorType, string ErrorMessage);

using System.Net;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Bedrock refused a model call (after any retries), or reported an error inside its response
/// stream. <see cref="Code"/> is AWS's error name (ThrottlingException, ValidationException,
/// AccessDeniedException, ModelStreamErrorException, ...); <see cref="StatusCode"/> is null for
/// errors that arrive mid-stream, after a 200.
/// </summary>
public sealed class BedrockException : Exception
{
    // AWS's messages are short; this bounds what a misbehaving proxy's error page can put into our logs.
    private const int MaxAwsMessageLength = 300;

    public BedrockException(HttpStatusCode? statusCode, string code, string? awsMessage)
        : base(Describe(statusCode, code, awsMessage))
    {
        StatusCode = statusCode;
        Code = code;
    }

    public BedrockException()
        : this(null, "Unknown", null)
    {
    }

    public BedrockException(string message)
        : base(message)
    {
        Code = "Unknown";
    }

    public BedrockException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "Unknown";
    }

    public HttpStatusCode? StatusCode { get; }

    public string Code { get; }

    private static string Describe(HttpStatusCode? statusCode, string code, string? awsMessage)
    {
        var where = statusCode is { } status ? $"HTTP {(int)status}" : "in the response stream";
        var text = string.IsNullOrWhiteSpace(awsMessage) ? string.Empty
            : ": " + (awsMessage.Length > MaxAwsMessageLength ? awsMessage[..MaxAwsMessageLength] + "…" : awsMessage);
        return $"Bedrock {code} ({where}){text}";
    }
}

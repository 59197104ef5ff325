using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Aws;

/// <summary>A model invocation the fake received.</summary>
public sealed record BedrockInvocation(string ModelId, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The system prompt plus every message's text, as the model would read it.</summary>
    public string PromptText
    {
        get
        {
            var root = Json;
            var parts = new List<string>();
            if (root.TryGetProperty("system", out var system))
            {
                parts.Add(system.ValueKind == JsonValueKind.String ? system.GetString()! : string.Concat(system.EnumerateArray().Select(b => b.GetProperty("text").GetString())));
            }

            foreach (var message in root.GetProperty("messages").EnumerateArray())
            {
                var content = message.GetProperty("content");
                parts.Add(content.ValueKind == JsonValueKind.String
                    ? content.GetString()!
                    : string.Concat(content.EnumerateArray().Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetString())));
            }

            return string.Join("\n", parts);
        }
    }
}

/// <summary>
/// Bedrock runtime on loopback: <c>POST /model/{modelId}/invoke</c> answering Anthropic Messages API
/// JSON and <c>/invoke-with-response-stream</c> answering the same text as an AWS event stream of
/// Messages streaming events, SigV4-checked for service "bedrock". Knobs: a delay, 429 ThrottlingException, a malformed body,
/// and the answer text; for streams, an exception event (or a plain end) after some deltas. Rejects bodies Bedrock
/// rejects (a "model" member, a missing or wrong anthropic_version).
/// </summary>
public sealed class FakeBedrock : FakeAwsHost
{
    private readonly ConcurrentQueue<BedrockInvocation> _invocations = new();
    private int _errorNext;
    private (int Status, string Code) _error;
    private int _malformedNext;
    private int _calls;

    public FakeBedrock(string region = "us-east-1")
        : base(region, "bedrock")
    {
    }

    /// <summary>Writes the assistant's text for an invocation; the default is a valid explanation.</summary>
    public Func<BedrockInvocation, string> Reply { get; set; } = _ => DefaultAnswer;

    /// <summary>Added before each answer (a slow model).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Invocations that reached the model handler (signature valid), throttled or not.</summary>
    public int Calls => _calls;

    public IReadOnlyList<BedrockInvocation> Invocations => [.. _invocations];

    /// <summary>
    /// When set, a streamed answer stops after this many text deltas: with <see cref="StreamExceptionType"/>
    /// an exception event follows (as Bedrock reports errors mid-stream), else the stream just ends.
    /// </summary>
    public int? StreamEndsAfterDeltas { get; set; }

    /// <summary>The exception event's :exception-type, such as "modelStreamErrorException" or "throttlingException".</summary>
    public string? StreamExceptionType { get; set; }

    public static string DefaultAnswer { get; } = new JsonObject
    {
        ["summary"] = "A security group allows inbound traffic from anywhere on a port that should not be public.",
        ["why_it_matters"] = "Anyone on the internet can reach the service behind it and try to exploit it.",
        ["fix_steps"] = new JsonArray("Open the EC2 console and select the security group.", "Remove the inbound rule allowing 0.0.0.0/0 on the port."),
        ["iac"] = new JsonObject { ["code"] = "resource \"aws_vpc_security_group_ingress_rule\" \"app\" {\n  cidr_ipv4 = \"10.0.0.0/8\"\n}" },
        ["verify_steps"] = new JsonArray("aws ec2 describe-security-groups --group-ids <security-group-id>"),
        ["references"] = new JsonArray(new JsonObject { ["title"] = "EC2.18", ["url"] = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html" }),
    }.ToJsonString();

    public void ThrottleNext(int count) => ErrorNext(count, 429, "ThrottlingException");

    /// <summary>The next <paramref name="count"/> calls answer this AWS error (ServiceUnavailableException 503, AccessDeniedException 403, ...).</summary>
    public void ErrorNext(int count, int status, string code)
    {
        _error = (status, code);
        Interlocked.Exchange(ref _errorNext, count);
    }

    public void MalformedNext(int count) => Interlocked.Exchange(ref _malformedNext, count);

    protected override async Task<FakeResponse> RespondAsync(string method, string path, JsonDocument? body, RecordedAwsRequest request, CancellationToken cancellationToken)
    {
        const string prefix = "/model/";
        var streaming = path.EndsWith("/invoke-with-response-stream", StringComparison.Ordinal);
        var suffix = streaming ? "/invoke-with-response-stream" : "/invoke";
        if (method != "POST" || !path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return Error(404, "UnknownOperationException", $"No operation at {method} {path}");
        }

        Interlocked.Increment(ref _calls);
        var modelId = Uri.UnescapeDataString(path[prefix.Length..^suffix.Length]);
        var invocation = new BedrockInvocation(modelId, request.Body);
        _invocations.Enqueue(invocation);

        if (body is null || !body.RootElement.TryGetProperty("anthropic_version", out var version) || version.GetString() != "bedrock-2023-05-31")
        {
            return Error(400, "ValidationException", "anthropic_version: bedrock-2023-05-31 is required");
        }

        if (body.RootElement.TryGetProperty("model", out _))
        {
            return Error(400, "ValidationException", "extraneous key [model] is not permitted");
        }

        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Error(499, "ClientClosed", "client went away");
            }
        }

        if (Interlocked.Decrement(ref _errorNext) >= 0)
        {
            var (status, code) = _error;
            return Error(status, code, code == "ThrottlingException" ? "Too many requests, please wait before trying again." : $"{code} from the fake.");
        }

        if (Interlocked.Decrement(ref _malformedNext) >= 0)
        {
            return new FakeResponse(200, "{\"id\":\"msg_bdrk_01\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"te");
        }

        var text = Reply(invocation);
        if (streaming)
        {
            return Stream(text, EstimateTokens(invocation.PromptText), StreamEndsAfterDeltas, StreamExceptionType);
        }

        var response = new JsonObject
        {
            ["id"] = "msg_bdrk_01" + Guid.NewGuid().ToString("N")[..20],
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-haiku-4-5-20251001",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            ["stop_reason"] = "end_turn",
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = EstimateTokens(invocation.PromptText),
                ["output_tokens"] = EstimateTokens(text),
            },
        };
        return new FakeResponse(200, response.ToJsonString());
    }

    /// <summary>The Messages streaming events, each in a Bedrock "chunk", text split into small deltas.</summary>
    private static FakeResponse Stream(string text, int inputTokens, int? endsAfterDeltas, string? exceptionType)
    {
        var events = new List<JsonObject>
        {
            new()
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = "msg_bdrk_01" + Guid.NewGuid().ToString("N")[..20],
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = "claude-sonnet-4-5-20250929",
                    ["content"] = new JsonArray(),
                    ["stop_reason"] = null,
                    ["stop_sequence"] = null,
                    ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = 1 },
                },
            },
            new() { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty } },
        };
        for (var i = 0; i < text.Length && (endsAfterDeltas is null || i / 16 < endsAfterDeltas); i += 16)
        {
            events.Add(new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text.Substring(i, Math.Min(16, text.Length - i)) },
            });
        }

        if (endsAfterDeltas is not null)
        {
            var cut = events.SelectMany(e => AwsEventStream.Chunk(e.ToJsonString()));
            if (exceptionType is not null)
            {
                cut = cut.Concat(AwsEventStream.Exception(exceptionType, $"{exceptionType} from the fake."));
            }

            return EventStreamResponse([.. cut]);
        }

        events.Add(new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        events.Add(new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = EstimateTokens(text) },
        });
        events.Add(new JsonObject
        {
            ["type"] = "message_stop",
            ["amazon-bedrock-invocationMetrics"] = new JsonObject
            {
                ["inputTokenCount"] = inputTokens,
                ["outputTokenCount"] = EstimateTokens(text),
                ["invocationLatency"] = 100,
                ["firstByteLatency"] = 50,
            },
        });
        return EventStreamResponse([.. events.SelectMany(e => AwsEventStream.Chunk(e.ToJsonString()))]);
    }

    private static FakeResponse EventStreamResponse(byte[] body) =>
        new(200, string.Empty, ContentType: "application/vnd.amazon.eventstream")
        {
            BinaryBody = body,

            // Bedrock names the content type of the wrapped events in this header.
            Headers = new Dictionary<string, string> { ["X-Amzn-Bedrock-Content-Type"] = "application/json" },
        };

    /// <summary>
    /// A rough token estimate (no tokenizer is available offline): about 3.5 characters a token for
    /// English mixed with JSON, which is close to what Claude's tokenizer reports for such text.
    /// </summary>
    public static int EstimateTokens(string text) => (int)Math.Ceiling((text ?? string.Empty).Length / 3.5);
}

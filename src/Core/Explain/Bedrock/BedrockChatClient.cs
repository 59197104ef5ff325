using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Claude on Amazon Bedrock as an <see cref="IChatClient"/>: InvokeModel and InvokeModelWithResponseStream
/// with the Anthropic Messages body, source-generated JSON (trim- and Native-AOT-safe), SigV4 from the
/// <see cref="HttpClient"/>'s handler chain, and retries of throttling and server errors here, outside
/// the signer, so each attempt is signed afresh.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html</remarks>
public sealed partial class BedrockChatClient : IChatClient
{
    private const string JsonContentType = "application/json";
    private const string EventStreamContentType = "application/vnd.amazon.eventstream";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _modelId;
    private readonly int _defaultMaxOutputTokens;
    private readonly BedrockRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;

    /// <param name="http">Sends through an <see cref="Aws.AwsSigV4Handler"/> for service "bedrock".</param>
    /// <param name="endpoint">https://bedrock-runtime.{region}.amazonaws.com/ or an override.</param>
    /// <param name="modelId">Model id, inference-profile id or ARN; <see cref="ChatOptions.ModelId"/> overrides it per call.</param>
    /// <param name="defaultMaxOutputTokens">max_tokens (required by Anthropic) when the options name none.</param>
    /// <param name="retry">Retries of throttling, 5xx and connection failures.</param>
    /// <param name="time">The clock for backoff waits.</param>
    /// <param name="logger">One line per retry.</param>
    public BedrockChatClient(
        HttpClient http, Uri endpoint, string modelId, int defaultMaxOutputTokens, BedrockRetryPolicy retry, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxOutputTokens);
        _http = http;
        _endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _modelId = modelId;
        _defaultMaxOutputTokens = defaultMaxOutputTokens;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metadata = new ChatClientMetadata("aws.bedrock", _endpoint, modelId);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _modelId;
        using var response = await SendAsync(model, "invoke", Body(messages, options), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var answer = Deserialize(payload, AnthropicMessagesJson.Default.MessagesResponse, "response body");
        if (answer?.Content is null)
        {
            throw new InvalidDataException("Bedrock's response has no content.");
        }

        var text = string.Concat(answer.Content.Where(b => b.Type == "text").Select(b => b.Text));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text) { MessageId = answer.Id })
        {
            ResponseId = answer.Id,
            ModelId = answer.Model ?? model,
            CreatedAt = _time.GetUtcNow(),
            FinishReason = FinishReasonOf(answer.StopReason),
            Usage = UsageOf(answer.Usage?.InputTokens, answer.Usage?.OutputTokens),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _modelId;
        using var response = await SendAsync(model, "invoke-with-response-stream", Body(messages, options), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var reader = new AwsEventStreamReader(stream);
            string? responseId = null;
            long? inputTokens = null;
            long? outputTokens = null;
            ChatFinishReason? finishReason = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                var streamEvent = EventOf(message);
                switch (streamEvent?.Type)
                {
                    case "message_start":
                        responseId = streamEvent.Message?.Id;
                        model = streamEvent.Message?.Model ?? model;
                        inputTokens = streamEvent.Message?.Usage?.InputTokens;
                        outputTokens = streamEvent.Message?.Usage?.OutputTokens;
                        break;
                    case "content_block_delta" when streamEvent.Delta is { Type: "text_delta", Text: { Length: > 0 } text }:
                        yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ResponseId = responseId, MessageId = responseId, ModelId = model, CreatedAt = _time.GetUtcNow() };
                        break;
                    case "message_delta":
                        finishReason = FinishReasonOf(streamEvent.Delta?.StopReason) ?? finishReason;
                        outputTokens = streamEvent.Usage?.OutputTokens ?? outputTokens;
                        inputTokens = streamEvent.Usage?.InputTokens ?? inputTokens;
                        break;
                    case "error":
                        throw new BedrockException(null, streamEvent.Error?.Type ?? "error", streamEvent.Error?.Message);
                    case "message_stop":
                        // The usage goes out as content so M.E.AI's OpenTelemetry client records gen_ai token usage for streams too.
                        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(UsageOf(inputTokens, outputTokens) ?? new UsageDetails())])
                        {
                            ResponseId = responseId,
                            MessageId = responseId,
                            ModelId = model,
                            FinishReason = finishReason ?? ChatFinishReason.Stop,
                            CreatedAt = _time.GetUtcNow(),
                        };
                        yield break;
                }
            }

            // A stream cut short would otherwise pass for a complete answer.
            throw new InvalidDataException("Bedrock's response stream ended before message_stop.");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the <see cref="HttpClient"/> belongs to whoever made this client.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// One call with retries. A new request message per attempt: the signing handler signs each one
    /// afresh (a replayed signature ages out, and the date is part of it).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string model, string operation, byte[] body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        // Model ids carry ':' and ARNs '/': one escaping keeps them one path segment, as the AWS SDKs send them.
        var uri = new Uri(_endpoint, $"model/{Uri.EscapeDataString(model)}/{operation}");
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
            request.Headers.Accept.ParseAdd(operation == "invoke" ? JsonContentType : EventStreamContentType);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (attempt < _retry.MaxRetries)
            {
                await WaitBeforeRetryAsync(operation, model, attempt, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var error = await ErrorOf(response, cancellationToken).ConfigureAwait(false);
                if (attempt >= _retry.MaxRetries || !AwsTransientErrors.IsTransient(response))
                {
                    throw error;
                }

                await WaitBeforeRetryAsync(operation, model, attempt, $"HTTP {(int)response.StatusCode} {error.Code}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitBeforeRetryAsync(string operation, string model, int attempt, string reason, CancellationToken cancellationToken)
    {
        var delay = _retry.DelayBefore(attempt, Random.Shared);
        Log.Retrying(_logger, operation, model, attempt + 1, reason, delay.TotalMilliseconds);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    private byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = new List<string>();
        var turns = new List<MessageParam>();
        foreach (var message in messages)
        {
            var text = message.Text;
            if (string.IsNullOrEmpty(text))
            {
                // Anthropic rejects empty content blocks; a message with no text (a tool result, an image) has nothing for this model.
                continue;
            }

            if (message.Role == ChatRole.System)
            {
                system.Add(text);
            }
            else
            {
                turns.Add(new MessageParam { Role = message.Role == ChatRole.Assistant ? "assistant" : "user", Content = [new TextBlock { Type = "text", Text = text }] });
            }
        }

        var request = new MessagesRequest
        {
            AnthropicVersion = BedrockOptions.AnthropicVersion,
            MaxTokens = options?.MaxOutputTokens ?? _defaultMaxOutputTokens,
            System = system.Count == 0 ? null : string.Join("\n\n", system),
            Messages = turns,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            TopK = options?.TopK,
            StopSequences = options?.StopSequences is { Count: > 0 } stops ? stops : null,
        };
        return JsonSerializer.SerializeToUtf8Bytes(request, AnthropicMessagesJson.Default.MessagesRequest);
    }

    /// <summary>The Messages event inside a chunk; exception and error messages become a <see cref="BedrockException"/>.</summary>
    private static MessagesStreamEvent? EventOf(EventStreamMessage message)
    {
        switch (message.Header(":message-type"))
        {
            case "exception":
                // ":exception-type" is the member name ("throttlingException"); AWS's error names start upper-case.
                var type = message.Header(":exception-type") ?? "exception";
                var body = Deserialize(message.Payload.Span, AnthropicMessagesJson.Default.BedrockErrorBody, "stream exception");
                throw new BedrockException(null, char.ToUpperInvariant(type[0]) + type[1..], body?.Message);
            case "error":
                throw new BedrockException(null, message.Header(":error-code") ?? "error", message.Header(":error-message"));
        }

        if (message.Header(":event-type") != "chunk")
        {
            return null;
        }

        var chunk = Deserialize(message.Payload.Span, AnthropicMessagesJson.Default.BedrockChunk, "stream chunk");
        return chunk?.Bytes is { } bytes ? Deserialize(bytes, AnthropicMessagesJson.Default.MessagesStreamEvent, "stream event") : null;
    }

    private static async Task<BedrockException> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? message = null;
        try
        {
            message = payload.Length > 0 ? JsonSerializer.Deserialize(payload, AnthropicMessagesJson.Default.BedrockErrorBody)?.Message : null;
        }
        catch (JsonException)
        {
            // A non-JSON error (a proxy's HTML page, say) still has its status and error-type header.
        }

        var code = SecurityHubClient.ErrorCodeOf(response) ?? response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => "ThrottlingException",
            HttpStatusCode.Forbidden => "AccessDeniedException",
            HttpStatusCode.ServiceUnavailable => "ServiceUnavailableException",
            var status => "Http" + (int)status,
        };
        return new BedrockException(response.StatusCode, code, message);
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Bedrock's {what} is not the JSON expected.", ex);
        }
    }

    private static UsageDetails? UsageOf(long? input, long? output) => input is null && output is null ? null : new UsageDetails
    {
        InputTokenCount = input,
        OutputTokenCount = output,
        TotalTokenCount = (input ?? 0) + (output ?? 0),
    };

    private static ChatFinishReason? FinishReasonOf(string? stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        null => null,
        var other => new ChatFinishReason(other),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Bedrock {Operation} with {Model}: retry {Attempt} after {Reason}, waiting {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, string operation, string model, int attempt, string reason, double delayMs);
    }
}

using System.Text.Json.Serialization;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// The Anthropic Messages body as Bedrock's InvokeModel takes it: no <c>model</c> member (the model is
/// in the path) and <c>anthropic_version</c> instead of the anthropic-version header.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html</remarks>
internal sealed class MessagesRequest
{
    public required string AnthropicVersion { get; init; }

    public required int MaxTokens { get; init; }

    public string? System { get; init; }

    public required IReadOnlyList<MessageParam> Messages { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public IList<string>? StopSequences { get; init; }
}

internal sealed class MessageParam
{
    public required string Role { get; init; }

    public required IReadOnlyList<TextBlock> Content { get; init; }
}

internal sealed class TextBlock
{
    public string? Type { get; init; }

    public string? Text { get; init; }
}

/// <summary>A Messages response; in a stream, also the <c>message</c> of message_start.</summary>
internal sealed class MessagesResponse
{
    public string? Id { get; init; }

    public string? Model { get; init; }

    public IReadOnlyList<TextBlock>? Content { get; init; }

    public string? StopReason { get; init; }

    public MessagesUsage? Usage { get; init; }
}

internal sealed class MessagesUsage
{
    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }
}

/// <summary>
/// One Messages streaming event (message_start, content_block_delta, message_delta, message_stop,
/// error, ...): the members of every type in one shape, read by <see cref="Type"/>.
/// </summary>
internal sealed class MessagesStreamEvent
{
    public string? Type { get; init; }

    public MessagesResponse? Message { get; init; }

    public StreamDelta? Delta { get; init; }

    public MessagesUsage? Usage { get; init; }

    public StreamError? Error { get; init; }
}

internal sealed class StreamDelta
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public string? StopReason { get; init; }
}

internal sealed class StreamError
{
    public string? Type { get; init; }

    public string? Message { get; init; }
}

/// <summary>The payload of a Bedrock "chunk" event: one Messages streaming event, base64-encoded.</summary>
internal sealed class BedrockChunk
{
    public byte[]? Bytes { get; init; }
}

/// <summary>An AWS JSON error body (<c>{"message": ...}</c>; some proxies send <c>Message</c>).</summary>
internal sealed class BedrockErrorBody
{
    public string? Message { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(MessagesStreamEvent))]
[JsonSerializable(typeof(BedrockChunk))]
[JsonSerializable(typeof(BedrockErrorBody))]
internal sealed partial class AnthropicMessagesJson : JsonSerializerContext;

using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>One message of an AWS event stream: its headers (by name) and its payload.</summary>
public sealed record EventStreamMessage(IReadOnlyDictionary<string, object> Headers, ReadOnlyMemory<byte> Payload)
{
    /// <summary>A string header's value, or null when absent or of another type.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value as string : null;
}

/// <summary>
/// Reads the AWS event stream encoding (<c>application/vnd.amazon.eventstream</c>), the body of
/// InvokeModelWithResponseStream: each message is a prelude (total length, headers length, both
/// big-endian uint32, and the prelude's CRC32), headers, payload and the CRC32 of everything before it.
/// Both checksums are verified, so a corrupted or truncated stream fails instead of yielding garbage.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/lexv2/latest/dg/event-stream-encoding.html</remarks>
public sealed class AwsEventStreamReader(Stream stream)
{
    private const int PreludeLength = 12;

    // Prelude, its CRC and the message CRC: the smallest message has no headers and no payload.
    private const int OverheadLength = 16;

    // The limits AWS's own decoders enforce (awslabs/aws-c-event-stream): 16 MiB a message, 128 KiB of headers.
    private const int MaxMessageLength = 16 * 1024 * 1024;
    private const int MaxHeadersLength = 128 * 1024;

    /// <summary>The next message, or null at a clean end of the stream (between messages).</summary>
    /// <exception cref="InvalidDataException">A checksum does not match, a length is impossible, or the stream ends inside a message.</exception>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        var prelude = new byte[PreludeLength];
        var read = await ReadFullyAsync(prelude, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < PreludeLength)
        {
            throw new InvalidDataException("The event stream ended inside a message prelude.");
        }

        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude.AsSpan(4));
        if (Crc32.HashToUInt32(prelude.AsSpan(0, 8)) != BinaryPrimitives.ReadUInt32BigEndian(prelude.AsSpan(8)))
        {
            throw new InvalidDataException("Event stream prelude checksum mismatch.");
        }

        if (totalLength is < OverheadLength or > MaxMessageLength || headersLength > MaxHeadersLength || headersLength > totalLength - OverheadLength)
        {
            throw new InvalidDataException($"Event stream message lengths are impossible (total {totalLength}, headers {headersLength}).");
        }

        var message = new byte[totalLength];
        prelude.CopyTo(message, 0);
        if (await ReadFullyAsync(message.AsMemory(PreludeLength), cancellationToken).ConfigureAwait(false) < message.Length - PreludeLength)
        {
            throw new InvalidDataException("The event stream ended inside a message.");
        }

        var crcOffset = message.Length - 4;
        if (Crc32.HashToUInt32(message.AsSpan(0, crcOffset)) != BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(crcOffset)))
        {
            throw new InvalidDataException("Event stream message checksum mismatch.");
        }

        var headersEnd = PreludeLength + (int)headersLength;
        var headers = ReadHeaders(message.AsSpan(PreludeLength, (int)headersLength));
        return new EventStreamMessage(headers, message.AsMemory(headersEnd, crcOffset - headersEnd));
    }

    private async ValueTask<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Name length (1 byte), name (UTF-8), value type (1 byte), value; types 0–9 as the encoding defines them.</summary>
    private static Dictionary<string, object> ReadHeaders(ReadOnlySpan<byte> span)
    {
        var headers = new Dictionary<string, object>(StringComparer.Ordinal);
        var position = 0;
        while (position < span.Length)
        {
            int nameLength = Take(span, ref position, 1)[0];
            if (nameLength == 0)
            {
                throw new InvalidDataException("Event stream header with an empty name.");
            }

            var name = Encoding.UTF8.GetString(Take(span, ref position, nameLength));
            var type = Take(span, ref position, 1)[0];
            headers[name] = type switch
            {
                0 => true,
                1 => false,
                2 => (sbyte)Take(span, ref position, 1)[0],
                3 => BinaryPrimitives.ReadInt16BigEndian(Take(span, ref position, 2)),
                4 => BinaryPrimitives.ReadInt32BigEndian(Take(span, ref position, 4)),
                5 => BinaryPrimitives.ReadInt64BigEndian(Take(span, ref position, 8)),
                6 => Take(span, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(span, ref position, 2))).ToArray(),
                7 => Encoding.UTF8.GetString(Take(span, ref position, BinaryPrimitives.ReadUInt16BigEndian(Take(span, ref position, 2)))),
                8 => DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(Take(span, ref position, 8))),
                9 => new Guid(Take(span, ref position, 16), bigEndian: true),
                _ => throw new InvalidDataException($"Event stream header {name} has unknown value type {type}."),
            };
        }

        return headers;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> span, ref int position, int count)
    {
        if (count > span.Length - position)
        {
            throw new InvalidDataException("An event stream header runs past the headers section.");
        }

        var slice = span.Slice(position, count);
        position += count;
        return slice;
    }
}

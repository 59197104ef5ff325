using System.Buffers.Binary;
using System.Text;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// Writes messages in the AWS event stream encoding (application/vnd.amazon.eventstream), as
/// InvokeModelWithResponseStream returns them: prelude (total length, headers length, CRC32),
/// headers, payload, message CRC32, all big-endian.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream</remarks>
public static class AwsEventStream
{
    private const byte StringHeaderType = 7;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>One message: string headers and a payload.</summary>
    public static byte[] Message(IReadOnlyList<(string Name, string Value)> headers, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(payload);
        using var headerBytes = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(StringHeaderType);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)valueBytes.Length);
            headerBytes.Write(length);
            headerBytes.Write(valueBytes);
        }

        var headersArray = headerBytes.ToArray();
        var total = 12 + headersArray.Length + payload.Length + 4;
        var message = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(0, 4), total);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4, 4), headersArray.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8, 4), Crc32(message.AsSpan(0, 8)));
        headersArray.CopyTo(message, 12);
        payload.CopyTo(message, 12 + headersArray.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc32(message.AsSpan(0, total - 4)));
        return message;
    }

    /// <summary>A Bedrock "chunk" event carrying one model stream event (JSON), base64-wrapped as Bedrock does.</summary>
    public static byte[] Chunk(string eventJson)
    {
        var payload = Encoding.UTF8.GetBytes("{\"bytes\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(eventJson)) + "\"}");
        return Message([(":event-type", "chunk"), (":content-type", "application/json"), (":message-type", "event")], payload);
    }

    /// <summary>An exception event, as Bedrock reports an error after the stream has begun (HTTP 200 already sent).</summary>
    public static byte[] Exception(string exceptionType, string message) =>
        Message(
            [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = message }));

    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as the encoding specifies.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = (crc >> 8) ^ CrcTable[(crc ^ b) & 0xFF];
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}

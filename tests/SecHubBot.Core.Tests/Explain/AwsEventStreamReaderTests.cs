using System.Buffers.Binary;
using System.Text;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Explain;

public sealed class AwsEventStreamReaderTests
{
    [Fact]
    public async Task ReadAsync_TwoMessages_ReturnsHeadersAndPayloadsThenNull()
    {
        var bytes = AwsEventStream.Chunk("{\"type\":\"message_stop\"}").Concat(AwsEventStream.Exception("throttlingException", "slow down")).ToArray();
        var reader = new AwsEventStreamReader(new MemoryStream(bytes));

        var chunk = await reader.ReadAsync(CancellationToken.None);
        var exception = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal("chunk", chunk!.Header(":event-type"));
        Assert.Equal("event", chunk.Header(":message-type"));
        Assert.StartsWith("{\"bytes\":\"", Encoding.UTF8.GetString(chunk.Payload.Span), StringComparison.Ordinal);
        Assert.Equal("throttlingException", exception!.Header(":exception-type"));
        Assert.Equal("{\"message\":\"slow down\"}", Encoding.UTF8.GetString(exception.Payload.Span));
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_EmptyPayloadNoHeaders_IsTheSixteenByteMinimum()
    {
        var bytes = AwsEventStream.Message([], []);

        var message = await new AwsEventStreamReader(new MemoryStream(bytes)).ReadAsync(CancellationToken.None);

        Assert.Equal(16, bytes.Length);
        Assert.Empty(message!.Headers);
        Assert.Equal(0, message.Payload.Length);
    }

    /// <summary>
    /// The example in the encoding's reference implementations: payload {"foo": "bar"} with no headers
    /// is 30 bytes whose prelude CRC is 0xBAF2F68A and message CRC 0xAE7258E4.
    /// </summary>
    [Fact]
    public async Task ReadAsync_PublishedExampleFrame_Decodes()
    {
        byte[] bytes = [0, 0, 0, 30, 0, 0, 0, 0, 0xBA, 0xF2, 0xF6, 0x8A, .. "{\"foo\": \"bar\"}"u8, 0xAE, 0x72, 0x58, 0xE4];

        var message = await new AwsEventStreamReader(new MemoryStream(bytes)).ReadAsync(CancellationToken.None);

        Assert.Equal("{\"foo\": \"bar\"}", Encoding.UTF8.GetString(message!.Payload.Span));
    }

    [Fact]
    public async Task ReadAsync_EveryHeaderType_DecodesEach()
    {
        var headers = new List<byte>();
        void Header(string name, byte type, params byte[] value)
        {
            headers.Add((byte)name.Length);
            headers.AddRange(Encoding.UTF8.GetBytes(name));
            headers.Add(type);
            headers.AddRange(value);
        }

        var guid = Guid.Parse("01234567-89ab-cdef-0123-456789abcdef");
        Header("t", 0);
        Header("f", 1);
        Header("b", 2, 0xFF);
        Header("s", 3, 0x01, 0x02);
        Header("i", 4, 0, 0, 1, 0);
        Header("l", 5, 0, 0, 0, 0, 0, 0, 0, 42);
        Header("y", 6, 0, 2, 0xCA, 0xFE);
        Header("str", 7, 0, 2, (byte)'h', (byte)'i');
        Header("ts", 8, [.. BigEndian(1_700_000_000_000)]);
        Header("u", 9, guid.ToByteArray(bigEndian: true));

        var message = await new AwsEventStreamReader(new MemoryStream(Frame([.. headers], []))).ReadAsync(CancellationToken.None);

        var h = message!.Headers;
        Assert.Equal(true, h["t"]);
        Assert.Equal(false, h["f"]);
        Assert.Equal((sbyte)-1, h["b"]);
        Assert.Equal((short)0x0102, h["s"]);
        Assert.Equal(256, h["i"]);
        Assert.Equal(42L, h["l"]);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, h["y"]);
        Assert.Equal("hi", message.Header("str"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), h["ts"]);
        Assert.Equal(guid, h["u"]);
    }

    [Fact]
    public async Task ReadAsync_CorruptedPayload_ThrowsMessageChecksumMismatch()
    {
        var bytes = AwsEventStream.Chunk("{\"type\":\"message_stop\"}");
        bytes[^6] ^= 0x01;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AwsEventStreamReader(new MemoryStream(bytes)).ReadAsync(CancellationToken.None).AsTask());

        Assert.Contains("message checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CorruptedLength_ThrowsPreludeChecksumMismatch()
    {
        var bytes = AwsEventStream.Chunk("{\"type\":\"message_stop\"}");
        bytes[3] ^= 0x01;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AwsEventStreamReader(new MemoryStream(bytes)).ReadAsync(CancellationToken.None).AsTask());

        Assert.Contains("prelude checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public async Task ReadAsync_StreamEndsInsideAMessage_ThrowsTruncated(int keep)
    {
        var bytes = AwsEventStream.Chunk("{\"type\":\"message_stop\"}")[..keep];

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AwsEventStreamReader(new MemoryStream(bytes)).ReadAsync(CancellationToken.None).AsTask());

        Assert.Contains("ended inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HeaderRunsPastItsSection_ThrowsInsteadOfReadingThePayload()
    {
        // A string header claiming 200 bytes in a 7-byte headers section.
        byte[] headers = [1, (byte)'x', 7, 0, 200, (byte)'a', (byte)'b'];

        await Assert.ThrowsAsync<InvalidDataException>(() => new AwsEventStreamReader(new MemoryStream(Frame(headers, new byte[300]))).ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task ReadAsync_LengthBeyondSixteenMebibytes_Throws()
    {
        var prelude = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, (16 * 1024 * 1024) + 1);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), AwsEventStream.Crc32(prelude.AsSpan(0, 8)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AwsEventStreamReader(new MemoryStream(prelude)).ReadAsync(CancellationToken.None).AsTask());

        Assert.Contains("impossible", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A frame with raw header bytes (the fake's writer only writes string headers).</summary>
    private static byte[] Frame(byte[] headers, byte[] payload)
    {
        var total = 16 + headers.Length + payload.Length;
        var frame = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(frame, total);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), AwsEventStream.Crc32(frame.AsSpan(0, 8)));
        headers.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), AwsEventStream.Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}

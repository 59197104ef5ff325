using System.Text.Json;

namespace SecHubBot.Fakes.Slack;

/// <summary>An envelope the fake sent over Socket Mode, and what became of it.</summary>
public sealed class SlackFakeEnvelope
{
    private readonly TaskCompletionSource<JsonElement?> _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> _deliveries = [];
    private int _ackCount;

    internal SlackFakeEnvelope(string envelopeId, string type, JsonElement payload, bool acceptsResponsePayload)
    {
        EnvelopeId = envelopeId;
        Type = type;
        Payload = payload;
        AcceptsResponsePayload = acceptsResponsePayload;
    }

    public string EnvelopeId { get; }

    public string Type { get; }

    public JsonElement Payload { get; }

    public bool AcceptsResponsePayload { get; }

    /// <summary>Completes with the ack's payload (null for a plain ack) when the first ack arrives.</summary>
    public Task<JsonElement?> Acked => _acked.Task;

    public bool IsAcked => _acked.Task.IsCompleted;

    /// <summary>retry_attempt of each delivery: [0] when the first was acked in time.</summary>
    public IReadOnlyList<int> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    public TimeSpan? AckLatency { get; private set; }

    /// <summary>Acks received, duplicates on other connections included.</summary>
    public int AckCount => Volatile.Read(ref _ackCount);

    internal DateTimeOffset FirstSentAt { get; set; }

    internal SlackFakeSocketMode.FakeSocket? LastSocket { get; set; }

    /// <summary>The connection the latest delivery went to (see <see cref="SlackFakeSocketMode.DropSocket"/>).</summary>
    public int? LastConnectionId => LastSocket?.Id;

    internal void RecordDelivery(int retryAttempt)
    {
        lock (_deliveries)
        {
            _deliveries.Add(retryAttempt);
        }
    }

    internal bool TryAck(JsonElement? payload, DateTimeOffset at)
    {
        Interlocked.Increment(ref _ackCount);
        if (!_acked.TrySetResult(payload))
        {
            return false;
        }

        AckLatency = at - FirstSentAt;
        return true;
    }
}

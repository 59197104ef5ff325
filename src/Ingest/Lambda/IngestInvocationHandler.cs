using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Findings;
using SecHubBot.Ingest.Pipeline;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Lambda;

/// <summary>
/// The Lambda's handler: an SQS batch (EventBridge → SQS) or a direct EventBridge event. For SQS it
/// answers <c>{"batchItemFailures":[{"itemIdentifier":"&lt;messageId&gt;"}]}</c> naming only the records to
/// retry (the event source mapping has ReportBatchItemFailures); a direct event that failed throws, so
/// Lambda's asynchronous retries take it.
/// </summary>
internal sealed partial class IngestInvocationHandler(IngestPipeline pipeline, IngestOptions options, TimeProvider time, ILogger<IngestInvocationHandler> logger)
    : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        FindingBatch batch;
        try
        {
            batch = FindingInputReader.Read(Encoding.UTF8.GetString(invocation.Payload));
        }
        catch (NotAFindingEventException ex)
        {
            // Not ours to retry: an SQS batch with no readable record still names its records, so report them (DLQ).
            var recordIds = SqsRecordIds(invocation.Payload);
            LogNotAFindingEvent(logger, invocation.RequestId, ex.Message);
            if (recordIds.Count > 0)
            {
                return Response(recordIds);
            }

            throw;
        }

        // Stop starting new alerts while there is still time to finish the one under way and answer.
        // Already inside the reserve: cancel now rather than by a timer, which a busy thread pool may run late.
        var startWindow = invocation.Deadline is { } deadline ? deadline - time.GetUtcNow() - options.DeadlineReserve : Timeout.InfiniteTimeSpan;
        using var stopStarting = startWindow == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(Max(startWindow, TimeSpan.FromMilliseconds(1)), time);
        if (startWindow != Timeout.InfiniteTimeSpan && startWindow <= TimeSpan.Zero)
        {
            await stopStarting.CancelAsync().ConfigureAwait(false);
        }

        var result = await pipeline.RunAsync(batch, new IngestRunOptions { StopStarting = stopStarting.Token }, cancellationToken).ConfigureAwait(false);

        if (batch.Shape == InputShape.SqsBatch)
        {
            return Response(result.FailedRecordIds);
        }

        if (result.AnyFailed)
        {
            var first = result.Outcomes.FirstOrDefault(o => o.Failed);
            throw new IngestFailedException(
                $"{result.Outcomes.Count(o => o.Failed)} of {result.Outcomes.Count} findings failed{(first is null ? "" : ": " + first.Detail)}");
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            new DirectEventResult(result.Posted.Count, result.Count(AlertAction.Update), result.Count(AlertAction.Silent), result.Count(AlertAction.Filtered)),
            IngestLambdaJson.Default.DirectEventResult);
    }

    internal static byte[] Response(IEnumerable<string> failedRecordIds) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new SqsBatchResponse([.. failedRecordIds.Select(id => new SqsBatchItemFailure(id))]),
            IngestLambdaJson.Default.SqsBatchResponse);

    private static List<string> SqsRecordIds(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Records", out var records)
                && records.ValueKind == JsonValueKind.Array)
            {
                return [.. records.EnumerateArray()
                    .Select(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                    .OfType<string>()];
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: nothing to name.
        }

        return [];
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "Invocation {RequestId} is not a finding event: {Reason}")]
    private static partial void LogNotAFindingEvent(ILogger logger, string requestId, string reason);
}

/// <summary>A direct (non-SQS) invocation failed for some findings; Lambda retries the event.</summary>
internal sealed class IngestFailedException(string message) : Exception(message);

/// <summary>SQS partial batch response.</summary>
/// <remarks>https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting</remarks>
internal sealed record SqsBatchResponse(IReadOnlyList<SqsBatchItemFailure> BatchItemFailures);

internal sealed record SqsBatchItemFailure(string ItemIdentifier);

internal sealed record DirectEventResult(int Threads, int Updated, int Silent, int Filtered);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(DirectEventResult))]
internal sealed partial class IngestLambdaJson : JsonSerializerContext;

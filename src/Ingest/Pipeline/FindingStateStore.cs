using Microsoft.Extensions.Logging;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>Where the pipeline reads a finding's current state and writes back what it posted: Security Hub, or nothing (preview).</summary>
internal interface IFindingStateStore
{
    /// <summary>Security Hub's current copy of each finding it knows; absent ones are left out.</summary>
    Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken);

    /// <summary>Merges <paramref name="fields"/> into each finding's UserDefinedFields, and sets NOTIFIED on those still NEW when asked. Returns the findings not updated.</summary>
    Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken);
}

/// <summary>The preview's store: the event is all there is, and nothing is written.</summary>
internal sealed class EventOnlyStateStore : IFindingStateStore
{
    public Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<FindingRef, Finding>>(new Dictionary<FindingRef, Finding>());

    public Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UnprocessedFinding>>([]);
}

/// <summary>
/// Security Hub as the state store: GetFindings by Id (20 ids a request), BatchUpdateFindings in two
/// calls when needed, because one call sets one Workflow for every finding it names: the findings still
/// NEW become NOTIFIED, the others keep whatever a person or Security Hub set.
/// </summary>
internal sealed partial class SecurityHubStateStore(SecurityHubClient client, ILogger<SecurityHubStateStore> logger) : IFindingStateStore
{
    /// <summary>ConcurrentUpdateError and friends are worth one more try after a short pause.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

    public async Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken)
    {
        var current = await client.GetFindingsByIdsAsync(findings, cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<FindingRef, Finding>();
        foreach (var finding in current)
        {
            map[finding.Ref] = finding;
        }

        return map;
    }

    public async Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken)
    {
        var unprocessed = new List<UnprocessedFinding>();
        var toNotify = markNotified ? findings.Where(f => f.Workflow == WorkflowStatus.New).Select(f => f.Ref).ToList() : [];
        var others = findings.Select(f => f.Ref).Except(toNotify).ToList();
        if (toNotify.Count > 0)
        {
            unprocessed.AddRange(await UpdateWithOneRetryAsync(toNotify, fields, WorkflowStatus.Notified, cancellationToken).ConfigureAwait(false));
        }

        if (others.Count > 0)
        {
            unprocessed.AddRange(await UpdateWithOneRetryAsync(others, fields, null, cancellationToken).ConfigureAwait(false));
        }

        return unprocessed;
    }

    private async Task<IReadOnlyList<UnprocessedFinding>> UpdateWithOneRetryAsync(
        IReadOnlyList<FindingRef> refs, IReadOnlyDictionary<string, string> fields, WorkflowStatus? workflow, CancellationToken cancellationToken)
    {
        var request = new BatchUpdateFindingsRequest { Findings = refs, Workflow = workflow, UserDefinedFields = fields };
        var result = await client.BatchUpdateFindingsAsync(request, cancellationToken).ConfigureAwait(false);
        var retry = result.Unprocessed.Where(u => u.ErrorCode is not ("FindingNotFound" or "InvalidInput" or "FindingSizeExceeded")).Select(u => u.Finding).ToList();
        if (retry.Count == 0)
        {
            return result.Unprocessed;
        }

        LogRetryingWriteBack(logger, retry.Count);
        await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
        var second = await client.BatchUpdateFindingsAsync(request with { Findings = retry }, cancellationToken).ConfigureAwait(false);
        return [.. result.Unprocessed.Where(u => !retry.Contains(u.Finding)), .. second.Unprocessed];
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "BatchUpdateFindings left {Count} findings unprocessed; retrying them once")]
    private static partial void LogRetryingWriteBack(ILogger logger, int count);
}

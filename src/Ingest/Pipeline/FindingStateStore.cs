using Microsoft.Extensions.Logging;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>Where the pipeline reads a finding's current state and writes back what it posted: Security Hub, or nothing (preview).</summary>
internal interface IFindingStateStore
{
    /// <summary>
    /// Security Hub's current copy of each finding it knows, read with the API of <paramref name="schema"/>
    /// (GetFindings for ASFF, GetFindingsV2 for OCSF); absent ones are left out.
    /// </summary>
    Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, FindingSchema schema, CancellationToken cancellationToken);

    /// <summary>
    /// Merges <paramref name="fields"/> into each ASFF finding's UserDefinedFields, and sets NOTIFIED on those still NEW
    /// when asked. OCSF findings have no such fields and are left as they are. Returns the findings not updated.
    /// </summary>
    Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken);
}

/// <summary>The preview's store: the event is all there is, and nothing is written.</summary>
internal sealed class EventOnlyStateStore : IFindingStateStore
{
    public Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, FindingSchema schema, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<FindingRef, Finding>>(new Dictionary<FindingRef, Finding>());

    public Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UnprocessedFinding>>([]);
}

/// <summary>
/// Security Hub as the state store, the truth for both schemas. ASFF: GetFindings by Id (20 ids a request),
/// BatchUpdateFindings in two calls when needed, because one call sets one Workflow for every finding it
/// names: the findings still NEW become NOTIFIED, the others keep whatever a person or Security Hub set.
/// OCSF: GetFindingsV2 by metadata.uid (20 a request), and no write-back at all: the new Security Hub has no
/// UserDefinedFields, and posting an alert is no reason to change a finding's status; the store of record
/// holds the thread and the status it shows, so the finding's next event is silent unless its status moved.
/// </summary>
internal sealed partial class SecurityHubStateStore(SecurityHubClient client, ILogger<SecurityHubStateStore> logger) : IFindingStateStore
{
    /// <summary>ConcurrentUpdateError and friends are worth one more try after a short pause.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

    public async Task<IReadOnlyDictionary<FindingRef, Finding>> GetCurrentAsync(IReadOnlyList<FindingRef> findings, FindingSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var map = new Dictionary<FindingRef, Finding>();
        if (findings.Count == 0)
        {
            return map;
        }

        if (schema == FindingSchema.Asff)
        {
            foreach (var finding in await client.GetFindingsByIdsAsync(findings, cancellationToken).ConfigureAwait(false))
            {
                map[finding.Ref] = finding;
            }

            return map;
        }

        // An OCSF finding's Id is its metadata.uid, or its finding_info.uid where the event had no metadata.uid.
        var wanted = findings.ToHashSet();
        foreach (var finding in await client.GetFindingsV2ByMetadataUidsAsync(findings.Select(f => f.Id), cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(finding.Ref))
            {
                map[finding.Ref] = finding;
            }
        }

        var rest = findings.Where(f => !map.ContainsKey(f)).ToList();
        if (rest.Count > 0)
        {
            foreach (var finding in await client.GetFindingsV2ByFindingInfoUidsAsync(rest.Select(f => f.Id), cancellationToken).ConfigureAwait(false))
            {
                var asked = new FindingRef(finding.Ocsf?.FindingInfoUid ?? finding.Id, finding.ProductArn);
                if (wanted.Contains(asked) && !map.ContainsKey(asked))
                {
                    // Keep the identity the pipeline knows the finding by.
                    map[asked] = finding with { Id = asked.Id };
                }
            }
        }

        return map;
    }

    public async Task<IReadOnlyList<UnprocessedFinding>> WriteBackAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, string> fields, bool markNotified, CancellationToken cancellationToken)
    {
        var unprocessed = new List<UnprocessedFinding>();
        var asff = findings.Where(f => f.Schema == FindingSchema.Asff).ToList();
        var toNotify = markNotified ? asff.Where(f => f.Workflow == WorkflowStatus.New).Select(f => f.Ref).ToList() : [];
        var others = asff.Select(f => f.Ref).Except(toNotify).ToList();
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

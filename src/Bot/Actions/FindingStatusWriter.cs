using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Bot.Actions;

/// <summary>What one Resolve / Suppress / Reopen wrote: the findings Security Hub changed and those it left unprocessed.</summary>
public sealed record StatusWriteResult(List<Finding> Processed, List<UnprocessedFinding> Unprocessed);

/// <summary>
/// Writes a workflow change to Security Hub in the API each finding belongs to: BatchUpdateFindings (ASFF:
/// Workflow, Note, and the status the alert will show in <c>sechubbot:status</c>) or BatchUpdateFindingsV2
/// (OCSF: StatusId and a Comment naming the reason and who), in chunks of 100. A chunk that fails after others
/// succeeded counts as unprocessed with the error's code, so the outcome still says what did change; a failure
/// before anything changed is thrown as usual.
/// </summary>
public sealed class FindingStatusWriter(SecurityHubClient securityHub)
{
    /// <summary>BatchUpdateFindings' own limit; chunking here lets a failure half way be reported honestly.</summary>
    private const int BatchSize = 100;

    public async Task<StatusWriteResult> WriteAsync(
        IReadOnlyList<Finding> todo, WorkflowStatus target, string reason, string userId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(todo);
        var result = new StatusWriteResult([], []);
        var ocsf = todo.Where(f => f.Schema == FindingSchema.Ocsf).ToList();
        var note = new FindingNoteUpdate(AlertActionApplier.NoteText(reason, name), userId);
        var batches = todo.Except(ocsf)
            .GroupBy(m => AlertStatuses.Of(m with { Workflow = target }).ToWire(), StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(BatchSize).Select(chunk => (Status: g.Key, Findings: chunk)))
            .ToList();
        foreach (var (status, findings) in batches)
        {
            await GuardAsync(result, findings, async () =>
            {
                var update = await securityHub.BatchUpdateFindingsAsync(
                    new BatchUpdateFindingsRequest
                    {
                        Findings = [.. findings.Select(f => f.Ref)],
                        Workflow = target,
                        Note = note,

                        // What the alert will show, so Ingest takes the event this update raises for our own echo.
                        UserDefinedFields = new Dictionary<string, string> { [ThreadFields.Status] = status },
                    },
                    cancellationToken).ConfigureAwait(false);
                var changed = update.Processed.ToHashSet();
                result.Processed.AddRange(findings.Where(f => changed.Contains(f.Ref)));
                result.Unprocessed.AddRange(update.Unprocessed);
            }).ConfigureAwait(false);
        }

        var comment = new FindingComment(reason, name);
        foreach (var findings in ocsf.Chunk(BatchSize))
        {
            await GuardAsync(result, findings, async () =>
            {
                var byAddress = new Dictionary<OcsfFindingAddress, Finding>();
                foreach (var finding in findings)
                {
                    if (OcsfFindingAddress.Of(finding) is { } address)
                    {
                        byAddress[address] = finding;
                    }
                    else
                    {
                        result.Unprocessed.Add(new UnprocessedFinding(finding.Ref, "NoAddress", "The finding has neither a metadata.uid nor a complete finding identifier."));
                    }
                }

                if (byAddress.Count == 0)
                {
                    return;
                }

                var update = await securityHub.BatchUpdateFindingsV2Async(
                    new BatchUpdateFindingsV2Request { Findings = [.. byAddress.Keys], Status = OcsfStatusOf(target), Comment = comment },
                    cancellationToken).ConfigureAwait(false);
                result.Processed.AddRange(update.Processed.Select(a => byAddress.GetValueOrDefault(a)).OfType<Finding>());
                result.Unprocessed.AddRange(update.Unprocessed.Select(u =>
                    new UnprocessedFinding(byAddress.GetValueOrDefault(u.Finding)?.Ref ?? new FindingRef(u.Finding.ToString(), string.Empty), u.ErrorCode, u.ErrorMessage)));
            }).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The OCSF status_id BatchUpdateFindingsV2 sets for a workflow target: Reopen is New (OCSF has no Notified).</summary>
    public static OcsfStatus OcsfStatusOf(WorkflowStatus target) => target switch
    {
        WorkflowStatus.Resolved => OcsfStatus.Resolved,
        WorkflowStatus.Suppressed => OcsfStatus.Suppressed,
        _ => OcsfStatus.New,
    };

    private static async Task GuardAsync(StatusWriteResult result, IEnumerable<Finding> findings, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex) when (result.Processed.Count > 0 && ex is SecurityHubException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            var code = ex is SecurityHubException sh ? sh.Code : ex.GetType().Name;
            result.Unprocessed.AddRange(findings.Select(f => new UnprocessedFinding(f.Ref, code, ex.Message)));
        }
    }
}

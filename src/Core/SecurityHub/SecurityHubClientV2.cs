using System.Runtime.CompilerServices;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.SecurityHub;

/// <summary>
/// The new Security Hub's calls for OCSF findings: GetFindingsV2 (POST /findingsv2) and
/// BatchUpdateFindingsV2 (PATCH /findingsv2/batchupdatev2). Same signing, retries and errors as the V1 calls.
/// </summary>
/// <remarks>
/// Shapes: botocore securityhub 2018-10-26 service-2.json. GetFindingsV2 takes up to 20 filters of each
/// type in a composite filter and returns at most 100 findings a page; BatchUpdateFindingsV2 takes up to
/// 100 MetadataUids or 100 FindingIdentifiers, "Customers cannot use MetadataUids together with FindingIdentifiers."
/// </remarks>
public sealed partial class SecurityHubClient
{
    /// <summary>GetFindingsV2: "For each filter type inside of a composite filter, you can provide up to 20 filters."</summary>
    public const int MaxV2FiltersPerType = 20;

    /// <summary>One GetFindingsV2 page: every finding whose <paramref name="fieldName"/> equals one of <paramref name="values"/> (at most 20).</summary>
    public async Task<FindingsPage> GetFindingsV2PageAsync(
        string fieldName, IReadOnlyList<string> values, string? nextToken = null, int maxResults = MaxPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fieldName);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Count, MaxV2FiltersPerType);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, MaxPageSize);
        var body = new GetFindingsV2WireRequest
        {
            Filters = values.Count == 0 ? null : new OcsfFindingFiltersWire
            {
                CompositeFilters =
                [
                    new CompositeFilterWire
                    {
                        StringFilters = [.. values.Select(v => new OcsfStringFilterWire { FieldName = fieldName, Filter = new StringFilter(v) })],
                        Operator = "OR",
                    },
                ],
            },
            NextToken = nextToken,
            MaxResults = maxResults,
        };
        var response = await SendAsync(
            "GetFindingsV2", HttpMethod.Post, "findingsv2", body, SecurityHubV2Json.Default.GetFindingsV2WireRequest,
            SecurityHubV2Json.Default.GetFindingsV2WireResponse, cancellationToken).ConfigureAwait(false);
        return ReadPage("GetFindingsV2", response.Findings, response.NextToken, e => OcsfFindingReader.Read(e));
    }

    /// <summary>The current state of the OCSF findings with these metadata.uid values, 20 a request, every page; unknown ones are absent.</summary>
    public Task<IReadOnlyList<Finding>> GetFindingsV2ByMetadataUidsAsync(IEnumerable<string> metadataUids, CancellationToken cancellationToken = default) =>
        GetFindingsV2ByFieldAsync("metadata.uid", metadataUids, cancellationToken);

    /// <summary>The OCSF findings whose finding_info.uid (the provider's own id) is one of these, 20 a request, every page.</summary>
    public Task<IReadOnlyList<Finding>> GetFindingsV2ByFindingInfoUidsAsync(IEnumerable<string> findingInfoUids, CancellationToken cancellationToken = default) =>
        GetFindingsV2ByFieldAsync("finding_info.uid", findingInfoUids, cancellationToken);

    /// <summary>
    /// Applies <paramref name="request"/> in calls of up to 100 findings: those with a metadata.uid by MetadataUids,
    /// the others by FindingIdentifiers, never both in one call. Findings Security Hub could not update come back in
    /// <see cref="BatchUpdateFindingsV2Result.Unprocessed"/>, one entry each, with its error code.
    /// </summary>
    public async Task<BatchUpdateFindingsV2Result> BatchUpdateFindingsV2Async(BatchUpdateFindingsV2Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status is null && request.Comment is null)
        {
            throw new ArgumentException("BatchUpdateFindingsV2 needs something to change (Status or Comment).", nameof(request));
        }

        if (request.Status == OcsfStatus.Deleted)
        {
            throw new ArgumentException("BatchUpdateFindingsV2 StatusId takes 0-5 or 99; Deleted (6) cannot be set.", nameof(request));
        }

        var comment = request.Comment?.Text;
        var processed = new List<OcsfFindingAddress>();
        var unprocessed = new List<UnprocessedOcsfFinding>();
        var addresses = request.Findings.Distinct().ToList();
        var byUid = addresses.Where(a => a.MetadataUid is not null).ToList();
        var byIdentifier = addresses.Where(a => a.MetadataUid is null && a.Identifier is not null).ToList();
        foreach (var unaddressable in addresses.Where(a => a.MetadataUid is null && a.Identifier is null))
        {
            unprocessed.Add(new UnprocessedOcsfFinding(unaddressable, "NoAddress", "The finding has neither a metadata.uid nor a complete finding identifier."));
        }

        foreach (var chunk in byUid.Chunk(MaxBatchUpdate))
        {
            var body = new BatchUpdateFindingsV2WireRequest
            {
                MetadataUids = [.. chunk.Select(a => a.MetadataUid!)],
                Comment = comment,
                StatusId = (int?)request.Status,
            };
            await UpdateV2ChunkAsync(chunk, body, processed, unprocessed, cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in byIdentifier.Chunk(MaxBatchUpdate))
        {
            var body = new BatchUpdateFindingsV2WireRequest
            {
                FindingIdentifiers = [.. chunk.Select(a => IdentifierWire(a.Identifier!))],
                Comment = comment,
                StatusId = (int?)request.Status,
            };
            await UpdateV2ChunkAsync(chunk, body, processed, unprocessed, cancellationToken).ConfigureAwait(false);
        }

        return new BatchUpdateFindingsV2Result(processed, unprocessed);
    }

    /// <summary>Every finding whose <paramref name="fieldName"/> is one of <paramref name="values"/>, following NextToken.</summary>
    public async IAsyncEnumerable<Finding> GetFindingsV2Async(
        string fieldName, IReadOnlyList<string> values, int pageSize = MaxPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await GetFindingsV2PageAsync(fieldName, values, token, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var finding in page.Findings)
            {
                yield return finding;
            }

            token = page.NextToken;
        }
        while (token is not null);
    }

    private async Task<IReadOnlyList<Finding>> GetFindingsV2ByFieldAsync(string fieldName, IEnumerable<string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var found = new List<Finding>();
        var seen = new HashSet<FindingRef>();
        foreach (var chunk in values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).Chunk(MaxV2FiltersPerType))
        {
            await foreach (var finding in GetFindingsV2Async(fieldName, chunk, MaxPageSize, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(finding.Ref))
                {
                    found.Add(finding);
                }
            }
        }

        return found;
    }

    private async Task UpdateV2ChunkAsync(
        IReadOnlyList<OcsfFindingAddress> chunk, BatchUpdateFindingsV2WireRequest body,
        List<OcsfFindingAddress> processed, List<UnprocessedOcsfFinding> unprocessed, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            "BatchUpdateFindingsV2", HttpMethod.Patch, "findingsv2/batchupdatev2", body, SecurityHubV2Json.Default.BatchUpdateFindingsV2WireRequest,
            SecurityHubV2Json.Default.BatchUpdateFindingsV2WireResponse, cancellationToken).ConfigureAwait(false);

        var seen = new HashSet<OcsfFindingAddress>();
        foreach (var item in response.ProcessedFindings ?? [])
        {
            var address = Match(chunk, item);
            processed.Add(address);
            seen.Add(address);
        }

        foreach (var item in response.UnprocessedFindings ?? [])
        {
            var address = Match(chunk, item);
            var code = item.ErrorCode ?? "Unknown";
            unprocessed.Add(new UnprocessedOcsfFinding(address, code, item.ErrorMessage ?? string.Empty));
            seen.Add(address);
            Log.OcsfFindingNotUpdated(_logger, address.ToString(), code);
        }

        // A finding the response names in neither list was not confirmed: report it rather than assume success.
        foreach (var address in chunk.Where(a => !seen.Contains(a)))
        {
            unprocessed.Add(new UnprocessedOcsfFinding(address, "NotAcknowledged", "Security Hub's response did not mention this finding."));
            Log.OcsfFindingNotUpdated(_logger, address.ToString(), "NotAcknowledged");
        }
    }

    /// <summary>The requested address an answer item names (by metadata.uid, else by identifier), or the item's own when it names none we sent.</summary>
    private static OcsfFindingAddress Match(IReadOnlyList<OcsfFindingAddress> chunk, BatchUpdateFindingsV2ItemWire item)
    {
        var identifier = item.FindingIdentifier is { CloudAccountUid: { } account, FindingInfoUid: { } info, MetadataProductUid: { } product }
            ? new OcsfFindingIdentifier(account, info, product)
            : null;
        return chunk.FirstOrDefault(a => item.MetadataUid is not null && a.MetadataUid == item.MetadataUid)
            ?? chunk.FirstOrDefault(a => identifier is not null && a.Identifier == identifier)
            ?? new OcsfFindingAddress(item.MetadataUid, identifier);
    }

    private static OcsfFindingIdentifierWire IdentifierWire(OcsfFindingIdentifier identifier) => new()
    {
        CloudAccountUid = identifier.CloudAccountUid,
        FindingInfoUid = identifier.FindingInfoUid,
        MetadataProductUid = identifier.MetadataProductUid,
    };
}

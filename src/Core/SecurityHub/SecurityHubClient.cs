using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.SecurityHub;

/// <summary>
/// A thin REST-JSON client of the Security Hub API (2018-10-26): GetFindings and BatchUpdateFindings for
/// ASFF findings (Security Hub CSPM), GetFindingsV2 and BatchUpdateFindingsV2 for OCSF findings (the new Security Hub).
/// The <see cref="HttpClient"/> it is given signs (SigV4) and retries; <see cref="SecurityHubServiceCollectionExtensions.AddSecurityHub"/> builds one.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html</remarks>
public sealed partial class SecurityHubClient
{
    /// <summary>GetFindings takes at most 20 values per filter attribute.</summary>
    public const int MaxFilterValues = 20;

    /// <summary>GetFindings returns at most 100 findings a page.</summary>
    public const int MaxPageSize = 100;

    /// <summary>BatchUpdateFindings takes up to 100 finding identifiers a call.</summary>
    public const int MaxBatchUpdate = 100;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly ILogger<SecurityHubClient> _logger;

    public SecurityHubClient(HttpClient http, ILogger<SecurityHubClient> logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (_http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the Security Hub endpoint).", nameof(http));
        }
    }

    /// <summary>One GetFindings page for <paramref name="filters"/>.</summary>
    public async Task<FindingsPage> GetFindingsPageAsync(
        FindingFilters filters, string? nextToken = null, int maxResults = MaxPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, MaxPageSize);
        var body = new GetFindingsWireRequest { Filters = filters, NextToken = nextToken, MaxResults = maxResults };
        var response = await SendAsync(
            "GetFindings", HttpMethod.Post, "findings", body, SecurityHubJson.Default.GetFindingsWireRequest,
            SecurityHubJson.Default.GetFindingsWireResponse, cancellationToken).ConfigureAwait(false);

        return ReadPage("GetFindings", response.Findings, response.NextToken, e => FindingReader.Read(e));
    }

    /// <summary>A page of findings as read by <paramref name="read"/>; one unreadable finding is set aside (and logged), never fails the page.</summary>
    private FindingsPage ReadPage(string operation, List<JsonElement>? elements, string? nextToken, Func<JsonElement, FindingReadResult> read)
    {
        var findings = new List<Finding>();
        var unreadable = new List<string>();
        foreach (var element in elements ?? [])
        {
            var result = read(element);
            if (result.Finding is { } finding)
            {
                findings.Add(finding);
            }
            else
            {
                unreadable.Add(result.Error ?? "unreadable finding");
            }
        }

        if (unreadable.Count > 0)
        {
            Log.UnreadableFindings(_logger, operation, unreadable.Count, unreadable[0]);
        }

        return new FindingsPage(findings, unreadable, string.IsNullOrEmpty(nextToken) ? null : nextToken);
    }

    /// <summary>Every finding matching <paramref name="filters"/>, following NextToken.</summary>
    public async IAsyncEnumerable<Finding> GetFindingsAsync(
        FindingFilters filters, int pageSize = MaxPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await GetFindingsPageAsync(filters, token, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var finding in page.Findings)
            {
                yield return finding;
            }

            token = page.NextToken;
        }
        while (token is not null);
    }

    /// <summary>The current state of the given findings, 20 ids a request; findings Security Hub does not know are absent.</summary>
    public Task<IReadOnlyList<Finding>> GetFindingsByIdsAsync(IEnumerable<FindingRef> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return GetByIdsAsync(findings.Select(f => (f.Id, (string?)f.ProductArn)), cancellationToken);
    }

    /// <summary>The current state of the findings with these ids (ASFF Id, usually an ARN), 20 ids a request.</summary>
    public Task<IReadOnlyList<Finding>> GetFindingsByIdsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return GetByIdsAsync(ids.Select(id => (id, (string?)null)), cancellationToken);
    }

    /// <summary>Every finding whose UserDefinedFields[<paramref name="key"/>] equals <paramref name="value"/>, paged.</summary>
    public IAsyncEnumerable<Finding> GetFindingsByUserDefinedFieldAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return GetFindingsAsync(new FindingFilters { UserDefinedFields = [new MapFilter(key, value)] }, MaxPageSize, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="request"/> in calls of up to 100 findings. Findings Security Hub could not
    /// update come back in <see cref="BatchUpdateFindingsResult.Unprocessed"/>, one entry each, with its error code.
    /// </summary>
    public async Task<BatchUpdateFindingsResult> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workflow is null && request.Note is null && request.UserDefinedFields is null)
        {
            throw new ArgumentException("BatchUpdateFindings needs something to change (Workflow, Note or UserDefinedFields).", nameof(request));
        }

        if (request.Note is { } note && (note.Text.Length is 0 or > FindingNoteUpdate.MaxTextLength || string.IsNullOrEmpty(note.UpdatedBy)))
        {
            throw new ArgumentException($"Note.Text must be 1 to {FindingNoteUpdate.MaxTextLength} characters and Note.UpdatedBy set.", nameof(request));
        }

        var processed = new List<FindingRef>();
        var unprocessed = new List<UnprocessedFinding>();
        foreach (var chunk in request.Findings.Distinct().Chunk(MaxBatchUpdate))
        {
            var body = new BatchUpdateFindingsWireRequest
            {
                FindingIdentifiers = chunk.Select(f => new FindingIdentifierWire { Id = f.Id, ProductArn = f.ProductArn }).ToList(),
                Workflow = request.Workflow is { } status ? new WorkflowUpdateWire { Status = WireStatus(status) } : null,
                Note = request.Note is { } n ? new NoteUpdateWire { Text = n.Text, UpdatedBy = n.UpdatedBy } : null,
                UserDefinedFields = request.UserDefinedFields,
            };
            var response = await SendAsync(
                "BatchUpdateFindings", HttpMethod.Patch, "findings/batchupdate", body, SecurityHubJson.Default.BatchUpdateFindingsWireRequest,
                SecurityHubJson.Default.BatchUpdateFindingsWireResponse, cancellationToken).ConfigureAwait(false);

            var seen = new HashSet<FindingRef>();
            foreach (var item in response.ProcessedFindings ?? [])
            {
                var reference = new FindingRef(item.Id ?? string.Empty, item.ProductArn ?? string.Empty);
                processed.Add(reference);
                seen.Add(reference);
            }

            foreach (var item in response.UnprocessedFindings ?? [])
            {
                var reference = new FindingRef(item.FindingIdentifier?.Id ?? string.Empty, item.FindingIdentifier?.ProductArn ?? string.Empty);
                unprocessed.Add(new UnprocessedFinding(reference, item.ErrorCode ?? "Unknown", item.ErrorMessage ?? string.Empty));
                seen.Add(reference);
                Log.FindingNotUpdated(_logger, reference.Id, item.ErrorCode ?? "Unknown");
            }

            // A finding the response names in neither list was not confirmed: report it rather than assume success.
            foreach (var reference in chunk.Where(r => !seen.Contains(r)))
            {
                unprocessed.Add(new UnprocessedFinding(reference, "NotAcknowledged", "Security Hub's response did not mention this finding."));
                Log.FindingNotUpdated(_logger, reference.Id, "NotAcknowledged");
            }
        }

        return new BatchUpdateFindingsResult(processed, unprocessed);
    }

    internal static string WireStatus(WorkflowStatus status) => status switch
    {
        WorkflowStatus.New => "NEW",
        WorkflowStatus.Notified => "NOTIFIED",
        WorkflowStatus.Resolved => "RESOLVED",
        WorkflowStatus.Suppressed => "SUPPRESSED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private async Task<IReadOnlyList<Finding>> GetByIdsAsync(IEnumerable<(string Id, string? ProductArn)> wanted, CancellationToken cancellationToken)
    {
        var list = wanted.Where(w => !string.IsNullOrEmpty(w.Id)).Distinct().ToList();
        var found = new List<Finding>();
        var seen = new HashSet<FindingRef>();
        foreach (var chunk in list.Select(w => w.Id).Distinct(StringComparer.Ordinal).Chunk(MaxFilterValues))
        {
            var filters = new FindingFilters { Id = [.. chunk.Select(id => new StringFilter(id))] };
            await foreach (var finding in GetFindingsAsync(filters, MaxPageSize, cancellationToken).ConfigureAwait(false))
            {
                // Ids are unique per product; when the caller named a ProductArn, keep only that product's finding.
                var match = list.Any(w => w.Id == finding.Id && (w.ProductArn is null || w.ProductArn == finding.ProductArn));
                if (match && seen.Add(finding.Ref))
                {
                    found.Add(finding);
                }
            }
        }

        return found;
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation, HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(OperationKey, operation);

        HttpResponseMessage sent;
        try
        {
            sent = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Aws.AwsCredentialsException ex)
        {
            throw new SecurityHubException($"Security Hub {operation} could not be signed. {ex.Message}", ex);
        }

        using var response = sent;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw ErrorOf(operation, response, payload);
        }

        try
        {
            return JsonSerializer.Deserialize(payload, responseType)
                ?? throw new SecurityHubException($"Security Hub {operation} returned an empty body.");
        }
        catch (JsonException ex)
        {
            throw new SecurityHubException($"Security Hub {operation} returned a body that is not the expected JSON.", ex);
        }
    }

    /// <summary>The operation name rides on the request so the retry log can name it.</summary>
    internal static readonly HttpRequestOptionsKey<string> OperationKey = new("SecHubBot.SecurityHub.Operation");

    internal static SecurityHubException ErrorOf(string operation, HttpResponseMessage response, byte[] payload)
    {
        var code = ErrorCodeOf(response);
        string? message = null;
        try
        {
            if (payload.Length > 0 && JsonSerializer.Deserialize(payload, SecurityHubJson.Default.AwsErrorWire) is { } error)
            {
                code ??= StripNamespace(error.Code ?? error.Type);
                message = error.Message ?? error.LowerMessage;
            }
        }
        catch (JsonException)
        {
            // A non-JSON error body (a proxy's HTML page, say) still yields the status and header code.
        }

        return new SecurityHubException(operation, response.StatusCode, code ?? DefaultCode(response.StatusCode), message ?? string.Empty);
    }

    /// <summary>The x-amzn-ErrorType header ("AccessDeniedException:http://internal.amazon.com/..."), without its suffix.</summary>
    internal static string? ErrorCodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? StripNamespace(values.FirstOrDefault()) : null;

    private static string? StripNamespace(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string DefaultCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Forbidden => "AccessDeniedException",
        HttpStatusCode.TooManyRequests => "LimitExceededException",
        _ => "Http" + (int)status,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Security Hub did not update finding {FindingId}: {ErrorCode}")]
        public static partial void FindingNotUpdated(ILogger logger, string findingId, string errorCode);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{Operation} returned {Count} unreadable findings; first: {Reason}")]
        public static partial void UnreadableFindings(ILogger logger, string operation, int count, string reason);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Security Hub did not update OCSF finding {FindingAddress}: {ErrorCode}")]
        public static partial void OcsfFindingNotUpdated(ILogger logger, string findingAddress, string errorCode);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Core.Findings;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// Security Hub on loopback: an in-memory store of ASFF findings answering GetFindings (Id, ProductArn,
/// WorkflowStatus, RecordState, SeverityLabel, ComplianceSecurityControlId, UserDefinedFields filters;
/// MaxResults; NextToken) and BatchUpdateFindings (Workflow, Note, UserDefinedFields). Every request is
/// checked against the service model (securityhub 2018-10-26: method, path, member names, JSON types,
/// limits); a violation is answered 400 and kept in <see cref="ModelViolations"/>. The new Security Hub's
/// GetFindingsV2 and BatchUpdateFindingsV2 over OCSF findings are in FakeSecurityHubV2.cs.
/// </summary>
public sealed partial class FakeSecurityHub : FakeAwsHost
{
    private static readonly HashSet<string> StringFilterAttributes =
        ["Id", "ProductArn", "WorkflowStatus", "RecordState", "SeverityLabel", "ComplianceSecurityControlId", "GeneratorId", "AwsAccountId", "Title"];

    private static readonly HashSet<string> MapFilterAttributes = ["UserDefinedFields", "ProductFields", "ResourceTags"];

    private static readonly HashSet<string> StringComparisons = ["EQUALS", "PREFIX", "NOT_EQUALS", "PREFIX_NOT_EQUALS", "CONTAINS", "NOT_CONTAINS", "CONTAINS_WORD"];

    private static readonly HashSet<string> MapComparisons = ["EQUALS", "NOT_EQUALS", "CONTAINS", "NOT_CONTAINS"];

    private static readonly HashSet<string> WorkflowStatuses = ["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"];

    private static readonly HashSet<string> BatchUpdateMembers =
        ["FindingIdentifiers", "Note", "Severity", "VerificationState", "Confidence", "Criticality", "Types", "UserDefinedFields", "Workflow", "RelatedFindings"];

    private readonly object _gate = new();
    private readonly List<JsonObject> _findings = [];
    private readonly ConcurrentQueue<string> _violations = new();
    private int _throttleNext;
    private int _failNext;
    private int _getFindingsCalls;
    private int _delayNext;
    private TimeSpan _delay;
    private int _batchUpdateCalls;

    public FakeSecurityHub(string region = "us-east-1")
        : base(region, "securityhub")
    {
    }

    /// <summary>Operations ("GetFindings", "BatchUpdateFindings") answered 403 AccessDeniedException.</summary>
    public ConcurrentDictionary<string, bool> DeniedOperations { get; } = new(StringComparer.Ordinal);

    /// <summary>Finding Id → the ErrorCode BatchUpdateFindings reports for it instead of updating it.</summary>
    public ConcurrentDictionary<string, string> UnprocessedIds { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> ModelViolations => [.. _violations];

    public int GetFindingsCalls => _getFindingsCalls;

    public int BatchUpdateCalls => _batchUpdateCalls;

    /// <summary>The next <paramref name="count"/> requests get 429 LimitExceededException, as GetFindings does past a few requests a second.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    /// <summary>The next <paramref name="count"/> requests are answered only after <paramref name="delay"/> (a hung connection).</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        _delay = delay;
        Interlocked.Exchange(ref _delayNext, count);
    }

    /// <summary>The next <paramref name="count"/> requests get 500 InternalException.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Adds findings (ASFF objects) to the store.</summary>
    public void Seed(IEnumerable<JsonElement> findings)
    {
        lock (_gate)
        {
            foreach (var finding in findings)
            {
                _findings.Add(JsonNode.Parse(finding.GetRawText())!.AsObject());
            }
        }
    }

    /// <summary>Adds every finding in the bundled sample files (any input shape).</summary>
    public void SeedFromSamples(params string[] fileNames)
    {
        foreach (var name in fileNames)
        {
            var json = File.ReadAllText(Path.Combine(RepoPaths.BundledSamples, name));
            var raw = SampleFiles.RawFindings(json);
            Seed(FindingInputReader.Read(json).Findings.Select(f => JsonSerializer.SerializeToElement(raw[f.Finding.Id])));
        }
    }

    /// <summary>A stored finding's current JSON, or null.</summary>
    public JsonObject? Find(string id)
    {
        lock (_gate)
        {
            return _findings.FirstOrDefault(f => (string?)f["Id"] == id)?.DeepClone().AsObject();
        }
    }

    /// <summary>Changes a stored finding in place, as the product or Security Hub itself would (compliance, record state, workflow).</summary>
    public void Change(string id, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change(_findings.First(f => (string?)f["Id"] == id));
        }
    }

    protected override async Task<FakeResponse> RespondAsync(string method, string path, JsonDocument? body, RecordedAwsRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _delayNext) >= 0)
        {
            try
            {
                await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Error(499, "ClientClosed", "client went away");
            }
        }

        return Respond(method, path, body, request);
    }

    private FakeResponse Respond(string method, string path, JsonDocument? body, RecordedAwsRequest request)
    {
        var operation = (method, path) switch
        {
            ("POST", "/findings") => "GetFindings",
            ("PATCH", "/findings/batchupdate") => "BatchUpdateFindings",
            ("POST", "/findingsv2") => "GetFindingsV2",
            ("PATCH", "/findingsv2/batchupdatev2") => "BatchUpdateFindingsV2",
            _ => null,
        };
        if (operation is null)
        {
            _violations.Enqueue($"no Security Hub operation at {method} {path}");
            return Error(404, "UnknownOperationException", $"No operation at {method} {path}");
        }

        if (!request.Headers.TryGetValue("Content-Type", out var contentType) || !contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            _violations.Enqueue($"{operation}: Content-Type is {contentType ?? "missing"}");
        }

        // The V2 operations name their errors as the service model does (ThrottlingException 429, InternalServerException 500).
        var isV2 = operation.EndsWith("V2", StringComparison.Ordinal);
        if (Interlocked.Decrement(ref _throttleNext) >= 0)
        {
            return isV2 ? Error(429, "ThrottlingException", "Rate exceeded") : Error(429, "LimitExceededException", "Rate exceeded");
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            return isV2 ? Error(500, "InternalServerException", "Internal service error") : Error(500, "InternalException", "Internal service error");
        }

        if (DeniedOperations.ContainsKey(operation))
        {
            // GetFindingsV2 and BatchUpdateFindingsV2 are authorised as securityhub:GetFindings / BatchUpdateFindings on the hubv2 resource.
            var action = isV2 ? operation[..^2] : operation;
            var resource = isV2 ? "hubv2/00000000-0000-0000-0000-000000000000" : "hub/default";
            return Error(403, "AccessDeniedException",
                $"User: arn:aws:sts::123456789012:assumed-role/sechubbot/session is not authorized to perform: securityhub:{action} on resource: arn:aws:securityhub:{Verifier.Region}:123456789012:{resource}");
        }

        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
        {
            return Violation(operation, "body must be a JSON object");
        }

        return operation switch
        {
            "GetFindings" => GetFindings(body.RootElement),
            "BatchUpdateFindings" => BatchUpdate(body.RootElement),
            "GetFindingsV2" => GetFindingsV2(body.RootElement),
            _ => BatchUpdateV2(body.RootElement),
        };
    }

    private FakeResponse Violation(string operation, string problem)
    {
        _violations.Enqueue($"{operation}: {problem}");
        return Error(400, operation.EndsWith("V2", StringComparison.Ordinal) ? "ValidationException" : "InvalidInputException", problem);
    }

    private FakeResponse GetFindings(JsonElement body)
    {
        Interlocked.Increment(ref _getFindingsCalls);
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name is not ("Filters" or "SortCriteria" or "NextToken" or "MaxResults"))
            {
                return Violation("GetFindings", $"unknown member {member.Name}");
            }
        }

        if (ReadPaging(body, out var maxResults, out var offset) is { } pagingProblem)
        {
            return Violation("GetFindings", pagingProblem);
        }

        var predicates = new List<Func<JsonObject, bool>>();
        if (body.TryGetProperty("Filters", out var filters))
        {
            if (filters.ValueKind != JsonValueKind.Object)
            {
                return Violation("GetFindings", "Filters must be an object");
            }

            foreach (var attribute in filters.EnumerateObject())
            {
                var problem = CheckFilter(attribute, out var predicate);
                if (problem is not null)
                {
                    return Violation("GetFindings", problem);
                }

                predicates.Add(predicate!);
            }
        }

        List<JsonObject> matching;
        lock (_gate)
        {
            matching = _findings.Where(f => predicates.All(p => p(f))).OrderBy(f => (string?)f["Id"], StringComparer.Ordinal)
                .Select(f => f.DeepClone().AsObject()).ToList();
        }

        return Page(matching, offset, maxResults);
    }

    /// <summary>MaxResults (1–100) and NextToken (an offset this fake issued), as GetFindings and GetFindingsV2 both take them; a problem, or null.</summary>
    private static string? ReadPaging(JsonElement body, out int maxResults, out int offset)
    {
        maxResults = 100;
        offset = 0;
        if (body.TryGetProperty("MaxResults", out var max)
            && (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out maxResults) || maxResults is < 1 or > 100))
        {
            return "MaxResults must be an integer 1-100";
        }

        if (body.TryGetProperty("NextToken", out var token))
        {
            if (token.ValueKind != JsonValueKind.String)
            {
                return "NextToken must be a string";
            }

            offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetString()!)), CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>One page of <paramref name="matching"/>, with a NextToken when more follow.</summary>
    private static FakeResponse Page(List<JsonObject> matching, int offset, int maxResults)
    {
        var page = matching.Skip(offset).Take(maxResults).ToList();
        var response = new JsonObject { ["Findings"] = new JsonArray([.. page]) };
        if (offset + page.Count < matching.Count)
        {
            response["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)));
        }

        return new FakeResponse(200, response.ToJsonString());
    }

    private static string? CheckFilter(JsonProperty attribute, out Func<JsonObject, bool>? predicate)
    {
        predicate = null;
        var isMap = MapFilterAttributes.Contains(attribute.Name);
        if (!isMap && !StringFilterAttributes.Contains(attribute.Name))
        {
            return $"unsupported filter attribute {attribute.Name}";
        }

        if (attribute.Value.ValueKind != JsonValueKind.Array)
        {
            return $"Filters.{attribute.Name} must be a list";
        }

        if (attribute.Value.GetArrayLength() > 20)
        {
            return $"Filters.{attribute.Name} has {attribute.Value.GetArrayLength()} values; the limit is 20";
        }

        var tests = new List<Func<JsonObject, bool>>();
        foreach (var filter in attribute.Value.EnumerateArray())
        {
            if (filter.ValueKind != JsonValueKind.Object)
            {
                return $"Filters.{attribute.Name}[] must be objects";
            }

            var allowed = isMap ? new[] { "Key", "Value", "Comparison" } : ["Value", "Comparison"];
            foreach (var member in filter.EnumerateObject())
            {
                if (!allowed.Contains(member.Name))
                {
                    return $"Filters.{attribute.Name}[] has unknown member {member.Name}";
                }

                if (member.Value.ValueKind != JsonValueKind.String)
                {
                    return $"Filters.{attribute.Name}[].{member.Name} must be a string";
                }
            }

            var comparison = filter.TryGetProperty("Comparison", out var c) ? c.GetString()! : null;
            if (comparison is null || !(isMap ? MapComparisons : StringComparisons).Contains(comparison))
            {
                return $"Filters.{attribute.Name}[].Comparison is {comparison ?? "missing"}";
            }

            if (comparison != "EQUALS")
            {
                return $"the fake supports only EQUALS, got {comparison}";
            }

            var value = filter.TryGetProperty("Value", out var v) ? v.GetString() : null;
            if (value is null)
            {
                return $"Filters.{attribute.Name}[].Value is missing";
            }

            if (isMap)
            {
                var key = filter.TryGetProperty("Key", out var k) ? k.GetString() : null;
                if (key is null)
                {
                    return $"Filters.{attribute.Name}[].Key is missing";
                }

                var mapName = attribute.Name == "ResourceTags" ? "ResourceTags" : attribute.Name;
                tests.Add(f => (string?)f[mapName]?[key] == value);
            }
            else
            {
                var name = attribute.Name;
                tests.Add(f => ValueOf(f, name) == value);
            }
        }

        predicate = f => tests.Count == 0 || tests.Any(t => t(f));
        return null;
    }

    private static string? ValueOf(JsonObject finding, string attribute) => attribute switch
    {
        "WorkflowStatus" => (string?)finding["Workflow"]?["Status"] ?? (string?)finding["WorkflowState"],
        "SeverityLabel" => (string?)finding["Severity"]?["Label"],
        "ComplianceSecurityControlId" => (string?)finding["Compliance"]?["SecurityControlId"],
        _ => finding[attribute] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null,
    };

    private FakeResponse BatchUpdate(JsonElement body)
    {
        Interlocked.Increment(ref _batchUpdateCalls);
        foreach (var member in body.EnumerateObject())
        {
            if (!BatchUpdateMembers.Contains(member.Name))
            {
                return Violation("BatchUpdateFindings", $"unknown member {member.Name}");
            }
        }

        if (!body.TryGetProperty("FindingIdentifiers", out var identifiers) || identifiers.ValueKind != JsonValueKind.Array
            || identifiers.GetArrayLength() is 0 or > 100)
        {
            return Violation("BatchUpdateFindings", "FindingIdentifiers must be a list of 1-100 identifiers");
        }

        string? status = null;
        if (body.TryGetProperty("Workflow", out var workflow))
        {
            if (workflow.ValueKind != JsonValueKind.Object || workflow.EnumerateObject().Any(m => m.Name != "Status")
                || !workflow.TryGetProperty("Status", out var s) || s.ValueKind != JsonValueKind.String || !WorkflowStatuses.Contains(s.GetString()!))
            {
                return Violation("BatchUpdateFindings", "Workflow must be {Status: NEW|NOTIFIED|RESOLVED|SUPPRESSED}");
            }

            status = s.GetString();
        }

        JsonObject? note = null;
        if (body.TryGetProperty("Note", out var noteElement))
        {
            if (noteElement.ValueKind != JsonValueKind.Object || noteElement.EnumerateObject().Any(m => m.Name is not ("Text" or "UpdatedBy") || m.Value.ValueKind != JsonValueKind.String)
                || !noteElement.TryGetProperty("Text", out var text) || !noteElement.TryGetProperty("UpdatedBy", out var by)
                || text.GetString()!.Length is 0 or > 512 || by.GetString()!.Length == 0)
            {
                return Violation("BatchUpdateFindings", "Note must be {Text: 1-512 chars, UpdatedBy: string}");
            }

            note = new JsonObject { ["Text"] = text.GetString(), ["UpdatedBy"] = by.GetString(), ["UpdatedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };
        }

        Dictionary<string, string>? fields = null;
        if (body.TryGetProperty("UserDefinedFields", out var udf))
        {
            if (udf.ValueKind != JsonValueKind.Object || udf.EnumerateObject().Any(m => m.Value.ValueKind != JsonValueKind.String)
                || udf.EnumerateObject().Count() > 50 || udf.EnumerateObject().Any(m => m.Name.Length > 128 || m.Value.GetString()!.Length > 1024))
            {
                return Violation("BatchUpdateFindings", "UserDefinedFields must map strings to strings (≤50 pairs, key ≤128, value ≤1024)");
            }

            fields = udf.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!);
        }

        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        var seen = new HashSet<(string, string)>();
        foreach (var identifier in identifiers.EnumerateArray())
        {
            if (identifier.ValueKind != JsonValueKind.Object || identifier.EnumerateObject().Any(m => m.Name is not ("Id" or "ProductArn") || m.Value.ValueKind != JsonValueKind.String)
                || !identifier.TryGetProperty("Id", out var idElement) || !identifier.TryGetProperty("ProductArn", out var arnElement))
            {
                return Violation("BatchUpdateFindings", "FindingIdentifiers[] must be {Id: string, ProductArn: string}");
            }

            var id = idElement.GetString()!;
            var arn = arnElement.GetString()!;
            var reference = new JsonObject { ["Id"] = id, ["ProductArn"] = arn };
            if (!seen.Add((id, arn)))
            {
                unprocessed.Add(Unprocessed(reference, "DuplicatedFindingIdentifier", "Duplicated finding identifier"));
                continue;
            }

            if (UnprocessedIds.TryGetValue(id, out var errorCode))
            {
                unprocessed.Add(Unprocessed(reference, errorCode, "Simulated failure"));
                continue;
            }

            lock (_gate)
            {
                var finding = _findings.FirstOrDefault(f => (string?)f["Id"] == id && (string?)f["ProductArn"] == arn);
                if (finding is null)
                {
                    unprocessed.Add(Unprocessed(reference, "FindingNotFound", "Finding not found"));
                    continue;
                }

                if (status is not null)
                {
                    finding["Workflow"] = new JsonObject { ["Status"] = status };
                    finding["WorkflowState"] = status == "NEW" ? "NEW" : "ASSIGNED";
                }

                if (note is not null)
                {
                    finding["Note"] = note.DeepClone();
                }

                if (fields is not null)
                {
                    if (finding["UserDefinedFields"] is not JsonObject map)
                    {
                        map = [];
                        finding["UserDefinedFields"] = map;
                    }

                    foreach (var (key, value) in fields)
                    {
                        map[key] = value;
                    }
                }
            }

            processed.Add(reference);
        }

        return new FakeResponse(200, new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed }.ToJsonString());
    }

    private static JsonObject Unprocessed(JsonObject reference, string code, string message) =>
        new() { ["FindingIdentifier"] = reference.DeepClone(), ["ErrorCode"] = code, ["ErrorMessage"] = message };
}

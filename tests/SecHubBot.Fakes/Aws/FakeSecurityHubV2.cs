using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// The new Security Hub's half of the fake: an in-memory store of OCSF findings answering GetFindingsV2
/// (StringFilters and NumberFilters in CompositeFilters, AND/OR, MaxResults, NextToken) and
/// BatchUpdateFindingsV2 (MetadataUids or FindingIdentifiers; StatusId, SeverityId, Comment). Members,
/// enums and limits are those of botocore's securityhub 2018-10-26 service-2.json.
/// </summary>
public sealed partial class FakeSecurityHub
{
    /// <summary>OcsfStringField, the field names a GetFindingsV2 StringFilter may name.</summary>
    private static readonly HashSet<string> OcsfStringFields =
    [
        "metadata.uid", "activity_name", "cloud.account.uid", "cloud.provider", "cloud.region", "compliance.assessments.category",
        "compliance.assessments.name", "compliance.control", "compliance.status", "compliance.standards", "finding_info.desc",
        "finding_info.src_url", "finding_info.title", "finding_info.types", "finding_info.uid", "finding_info.related_events.traits.category",
        "finding_info.related_events.uid", "finding_info.related_events.product.uid", "finding_info.related_events.title",
        "metadata.product.name", "metadata.product.uid", "metadata.product.vendor_name", "remediation.desc", "remediation.references",
        "resources.cloud_partition", "resources.name", "resources.owner.account.uid", "resources.owner.org.uid", "resources.owner.account.name",
        "resources.provider", "resources.region", "resources.type", "resources.uid", "severity", "status", "comment",
        "vulnerabilities.fix_coverage", "class_name", "databucket.encryption_details.algorithm", "databucket.encryption_details.key_uid",
        "databucket.file.data_classifications.classifier_details.type", "evidences.actor.user.account.uid", "evidences.api.operation",
        "evidences.api.response.error_message", "evidences.api.service.name", "evidences.connection_info.direction",
        "evidences.connection_info.protocol_name", "evidences.dst_endpoint.autonomous_system.name", "evidences.dst_endpoint.location.city",
        "evidences.dst_endpoint.location.country", "evidences.src_endpoint.autonomous_system.name", "evidences.src_endpoint.hostname",
        "evidences.src_endpoint.location.city", "evidences.src_endpoint.location.country", "finding_info.analytic.name", "malware.name",
        "malware_scan_info.uid", "malware.severity", "resources.cloud_function.layers.uid_alt", "resources.cloud_function.runtime",
        "resources.cloud_function.user.uid", "resources.device.encryption_details.key_uid", "resources.device.image.uid",
        "resources.image.architecture", "resources.image.registry_uid", "resources.image.repository_name", "resources.image.uid",
        "resources.subnet_info.uid", "resources.vpc_uid", "vulnerabilities.affected_code.file.path", "vulnerabilities.affected_packages.name",
        "vulnerabilities.cve.epss.score", "vulnerabilities.cve.uid", "vulnerabilities.related_vulnerabilities", "cloud.account.name",
        "vendor_attributes.severity",
    ];

    /// <summary>OcsfNumberField.</summary>
    private static readonly HashSet<string> OcsfNumberFields =
    [
        "activity_id", "compliance.status_id", "confidence_score", "severity_id", "status_id", "finding_info.related_events_count",
        "evidences.api.response.code", "evidences.dst_endpoint.autonomous_system.number", "evidences.dst_endpoint.port",
        "evidences.src_endpoint.autonomous_system.number", "evidences.src_endpoint.port", "resources.image.in_use_count",
        "vulnerabilities.cve.cvss.base_score", "vendor_attributes.severity_id",
    ];

    private static readonly HashSet<string> CompositeFilterMembers =
        ["StringFilters", "DateFilters", "BooleanFilters", "NumberFilters", "MapFilters", "IpFilters", "NestedCompositeFilters", "Operator"];

    private static readonly HashSet<string> NumberFilterMembers = ["Gte", "Lte", "Eq", "Gt", "Lt"];

    /// <summary>BatchUpdateFindingsV2: StatusId [0, 1, 2, 3, 4, 5, 99]; SeverityId [0, 1, 2, 3, 4, 5, 6, 99].</summary>
    private static readonly HashSet<int> StatusIds = [0, 1, 2, 3, 4, 5, 99];

    private static readonly HashSet<int> SeverityIds = [0, 1, 2, 3, 4, 5, 6, 99];

    private static readonly Dictionary<int, string> StatusNames = new()
    {
        [0] = "Unknown", [1] = "New", [2] = "In Progress", [3] = "Suppressed", [4] = "Resolved", [5] = "Archived", [99] = "Other",
    };

    private static readonly Dictionary<int, string> SeverityNames = new()
    {
        [0] = "Unknown", [1] = "Informational", [2] = "Low", [3] = "Medium", [4] = "High", [5] = "Critical", [6] = "Fatal", [99] = "Other",
    };

    private readonly List<JsonObject> _ocsfFindings = [];
    private int _getFindingsV2Calls;
    private int _batchUpdateV2Calls;

    /// <summary>metadata.uid or finding_info.uid → the ErrorCode BatchUpdateFindingsV2 reports for it instead of updating it.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> UnprocessedOcsfUids { get; } = new(StringComparer.Ordinal);

    public int GetFindingsV2Calls => _getFindingsV2Calls;

    public int BatchUpdateV2Calls => _batchUpdateV2Calls;

    /// <summary>Adds OCSF findings to the store.</summary>
    public void SeedOcsf(IEnumerable<JsonElement> findings)
    {
        lock (_gate)
        {
            foreach (var finding in findings)
            {
                _ocsfFindings.Add(JsonNode.Parse(finding.GetRawText())!.AsObject());
            }
        }
    }

    /// <summary>Adds the OCSF findings of sample files (EventBridge events, arrays, {"Findings": [...]}); names are looked up in samples/ocsf, then ../shared/samples/ocsf.</summary>
    public void SeedOcsfFromSamples(params string[] fileNames)
    {
        foreach (var name in fileNames)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(SampleFiles.OcsfPath(name)));
            SeedOcsf(OcsfFindingsIn(document.RootElement));
        }
    }

    /// <summary>A stored OCSF finding's current JSON by metadata.uid (or finding_info.uid), or null.</summary>
    public JsonObject? FindOcsf(string uid)
    {
        lock (_gate)
        {
            return _ocsfFindings.FirstOrDefault(f => UidOf(f) == uid || InfoUidOf(f) == uid)?.DeepClone().AsObject();
        }
    }

    /// <summary>The OCSF findings in any input shape the product reads.</summary>
    public static IEnumerable<JsonElement> OcsfFindingsIn(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray().ToArray();
        }

        if (root.TryGetProperty("detail", out var detail) && detail.TryGetProperty("findings", out var findings))
        {
            return findings.EnumerateArray().ToArray();
        }

        return root.TryGetProperty("Findings", out var wrapped) ? wrapped.EnumerateArray().ToArray() : [root];
    }

    private static string? UidOf(JsonObject finding) => (string?)finding["metadata"]?["uid"];

    private static string? InfoUidOf(JsonObject finding) => (string?)finding["finding_info"]?["uid"];

    private FakeResponse GetFindingsV2(JsonElement body)
    {
        Interlocked.Increment(ref _getFindingsV2Calls);
        const string Op = "GetFindingsV2";
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name is not ("Filters" or "Scopes" or "SortCriteria" or "NextToken" or "MaxResults"))
            {
                return Violation(Op, $"unknown member {member.Name}");
            }
        }

        if (ReadPaging(body, out var maxResults, out var offset) is { } pagingProblem)
        {
            return Violation(Op, pagingProblem);
        }

        Func<JsonObject, bool> predicate = _ => true;
        if (body.TryGetProperty("Filters", out var filters))
        {
            var problem = CheckOcsfFilters(filters, out var built);
            if (problem is not null)
            {
                return Violation(Op, problem);
            }

            predicate = built!;
        }

        List<JsonObject> matching;
        lock (_gate)
        {
            matching = _ocsfFindings.Where(predicate).OrderBy(f => UidOf(f) ?? InfoUidOf(f), StringComparer.Ordinal)
                .Select(f => f.DeepClone().AsObject()).ToList();
        }

        return Page(matching, offset, maxResults);
    }

    /// <summary>OcsfFindingFilters {CompositeFilters (≤10), CompositeOperator AND|OR}; AND when no operator is given.</summary>
    private static string? CheckOcsfFilters(JsonElement filters, out Func<JsonObject, bool>? predicate)
    {
        predicate = null;
        if (filters.ValueKind != JsonValueKind.Object || filters.EnumerateObject().Any(m => m.Name is not ("CompositeFilters" or "CompositeOperator")))
        {
            return "Filters must be {CompositeFilters, CompositeOperator}";
        }

        var or = false;
        if (filters.TryGetProperty("CompositeOperator", out var op))
        {
            if (op.ValueKind != JsonValueKind.String || op.GetString() is not ("AND" or "OR"))
            {
                return "Filters.CompositeOperator must be AND or OR";
            }

            or = op.GetString() == "OR";
        }

        var composites = new List<Func<JsonObject, bool>>();
        if (filters.TryGetProperty("CompositeFilters", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 10)
            {
                return "Filters.CompositeFilters must be a list of at most 10 composite filters";
            }

            foreach (var composite in list.EnumerateArray())
            {
                var problem = CheckCompositeFilter(composite, out var test);
                if (problem is not null)
                {
                    return problem;
                }

                composites.Add(test!);
            }
        }

        predicate = f => composites.Count == 0 || (or ? composites.Any(c => c(f)) : composites.All(c => c(f)));
        return null;
    }

    private static string? CheckCompositeFilter(JsonElement composite, out Func<JsonObject, bool>? predicate)
    {
        predicate = null;
        if (composite.ValueKind != JsonValueKind.Object)
        {
            return "CompositeFilters[] must be objects";
        }

        var tests = new List<Func<JsonObject, bool>>();
        var or = false;
        foreach (var member in composite.EnumerateObject())
        {
            if (!CompositeFilterMembers.Contains(member.Name))
            {
                return $"CompositeFilters[] has unknown member {member.Name}";
            }

            if (member.Name == "Operator")
            {
                if (member.Value.GetString() is not ("AND" or "OR"))
                {
                    return "CompositeFilters[].Operator must be AND or OR";
                }

                or = member.Value.GetString() == "OR";
                continue;
            }

            if (member.Value.ValueKind != JsonValueKind.Array || member.Value.GetArrayLength() > 20)
            {
                return $"CompositeFilters[].{member.Name} must be a list of at most 20 filters";
            }

            if (member.Name is not ("StringFilters" or "NumberFilters"))
            {
                return $"the fake does not evaluate {member.Name}";
            }

            foreach (var filter in member.Value.EnumerateArray())
            {
                var problem = member.Name == "StringFilters" ? CheckOcsfStringFilter(filter, out var test) : CheckOcsfNumberFilter(filter, out test);
                if (problem is not null)
                {
                    return problem;
                }

                tests.Add(test!);
            }
        }

        predicate = f => tests.Count == 0 || (or ? tests.Any(t => t(f)) : tests.All(t => t(f)));
        return null;
    }

    private static string? CheckOcsfStringFilter(JsonElement filter, out Func<JsonObject, bool>? predicate)
    {
        predicate = null;
        if (filter.ValueKind != JsonValueKind.Object || filter.EnumerateObject().Any(m => m.Name is not ("FieldName" or "Filter"))
            || !filter.TryGetProperty("FieldName", out var field) || field.ValueKind != JsonValueKind.String || !filter.TryGetProperty("Filter", out var inner))
        {
            return "StringFilters[] must be {FieldName, Filter}";
        }

        var name = field.GetString()!;
        if (!OcsfStringFields.Contains(name))
        {
            return $"StringFilters[].FieldName {name} is not an OcsfStringField";
        }

        if (inner.ValueKind != JsonValueKind.Object || inner.EnumerateObject().Any(m => m.Name is not ("Value" or "Comparison") || m.Value.ValueKind != JsonValueKind.String)
            || !inner.TryGetProperty("Value", out var value) || !inner.TryGetProperty("Comparison", out var comparison))
        {
            return "StringFilters[].Filter must be {Value: string, Comparison: string}";
        }

        var wanted = value.GetString()!;
        var path = name.Split('.');
        switch (comparison.GetString())
        {
            case "EQUALS":
                predicate = f => Leaves(f, path).Contains(wanted);
                return null;
            case "NOT_EQUALS":
                predicate = f => !Leaves(f, path).Contains(wanted);
                return null;
            case "PREFIX":
                predicate = f => Leaves(f, path).Any(v => v.StartsWith(wanted, StringComparison.Ordinal));
                return null;
            case "PREFIX_NOT_EQUALS" or "CONTAINS" or "NOT_CONTAINS" or "CONTAINS_WORD":
                return $"the fake does not evaluate {comparison.GetString()}";
            default:
                return $"StringFilters[].Filter.Comparison {comparison.GetString()} is not a StringFilterComparison";
        }
    }

    private static string? CheckOcsfNumberFilter(JsonElement filter, out Func<JsonObject, bool>? predicate)
    {
        predicate = null;
        if (filter.ValueKind != JsonValueKind.Object || !filter.TryGetProperty("FieldName", out var field) || field.ValueKind != JsonValueKind.String
            || !filter.TryGetProperty("Filter", out var inner) || inner.ValueKind != JsonValueKind.Object)
        {
            return "NumberFilters[] must be {FieldName, Filter}";
        }

        var name = field.GetString()!;
        if (!OcsfNumberFields.Contains(name))
        {
            return $"NumberFilters[].FieldName {name} is not an OcsfNumberField";
        }

        var bounds = new List<Func<double, bool>>();
        foreach (var member in inner.EnumerateObject())
        {
            if (!NumberFilterMembers.Contains(member.Name) || member.Value.ValueKind != JsonValueKind.Number)
            {
                return "NumberFilters[].Filter must be {Gte, Lte, Eq, Gt, Lt} of numbers";
            }

            var bound = member.Value.GetDouble();
            bounds.Add(member.Name switch
            {
                "Gte" => v => v >= bound,
                "Lte" => v => v <= bound,
                "Eq" => v => v == bound,
                "Gt" => v => v > bound,
                _ => v => v < bound,
            });
        }

        var path = name.Split('.');
        predicate = f => Leaves(f, path).Any(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && bounds.All(b => b(n)));
        return null;
    }

    /// <summary>Every value at a dotted OCSF path, through arrays ("resources.uid" reads each resource's uid).</summary>
    private static IEnumerable<string> Leaves(JsonNode? node, ReadOnlyMemory<string> path)
    {
        if (node is JsonArray array)
        {
            return array.SelectMany(item => Leaves(item, path));
        }

        if (path.Length == 0)
        {
            return node is JsonValue value ? [value.ToJsonString().Trim('"')] : [];
        }

        return node is JsonObject obj && obj.TryGetPropertyValue(path.Span[0], out var child) ? Leaves(child, path[1..]) : [];
    }

    private FakeResponse BatchUpdateV2(JsonElement body)
    {
        Interlocked.Increment(ref _batchUpdateV2Calls);
        const string Op = "BatchUpdateFindingsV2";
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name is not ("MetadataUids" or "FindingIdentifiers" or "Comment" or "SeverityId" or "StatusId"))
            {
                return Violation(Op, $"unknown member {member.Name}");
            }
        }

        var hasUids = body.TryGetProperty("MetadataUids", out var uids);
        var hasIdentifiers = body.TryGetProperty("FindingIdentifiers", out var identifiers);
        if (hasUids && hasIdentifiers)
        {
            return Violation(Op, "Customers cannot use MetadataUids together with FindingIdentifiers");
        }

        if (!hasUids && !hasIdentifiers)
        {
            return Violation(Op, "name the findings with MetadataUids or FindingIdentifiers");
        }

        var list = hasUids ? uids : identifiers;
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 100)
        {
            return Violation(Op, $"{(hasUids ? "MetadataUids" : "FindingIdentifiers")} must be a list of at most 100");
        }

        string? comment = null;
        if (body.TryGetProperty("Comment", out var c))
        {
            if (c.ValueKind != JsonValueKind.String || c.GetString()!.Length is 0 or > 512 || string.IsNullOrWhiteSpace(c.GetString()))
            {
                return Violation(Op, "Comment must be 1-512 characters, not all white space");
            }

            comment = c.GetString();
        }

        int? statusId = null;
        if (body.TryGetProperty("StatusId", out var s))
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var id) || !StatusIds.Contains(id))
            {
                return Violation(Op, "StatusId must be one of 0, 1, 2, 3, 4, 5, 99");
            }

            statusId = id;
        }

        int? severityId = null;
        if (body.TryGetProperty("SeverityId", out var sev))
        {
            if (sev.ValueKind != JsonValueKind.Number || !sev.TryGetInt32(out var id) || !SeverityIds.Contains(id))
            {
                return Violation(Op, "SeverityId must be one of 0, 1, 2, 3, 4, 5, 6, 99");
            }

            severityId = id;
        }

        if (comment is null && statusId is null && severityId is null)
        {
            return Violation(Op, "nothing to update (Comment, SeverityId or StatusId)");
        }

        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        foreach (var item in list.EnumerateArray())
        {
            JsonObject reference;
            Func<JsonObject, bool> matches;
            string key;
            if (hasUids)
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                {
                    return Violation(Op, "MetadataUids[] must be non-empty strings");
                }

                key = item.GetString()!;
                reference = new JsonObject { ["MetadataUid"] = key };
                matches = f => UidOf(f) == key;
            }
            else
            {
                if (item.ValueKind != JsonValueKind.Object
                    || item.EnumerateObject().Any(m => m.Name is not ("CloudAccountUid" or "FindingInfoUid" or "MetadataProductUid") || m.Value.ValueKind != JsonValueKind.String)
                    || !item.TryGetProperty("CloudAccountUid", out var account) || !item.TryGetProperty("FindingInfoUid", out var info)
                    || !item.TryGetProperty("MetadataProductUid", out var product))
                {
                    return Violation(Op, "FindingIdentifiers[] must be {CloudAccountUid, FindingInfoUid, MetadataProductUid}, all three strings");
                }

                key = info.GetString()!;
                var (a, i, p) = (account.GetString(), info.GetString(), product.GetString());
                reference = new JsonObject { ["FindingIdentifier"] = new JsonObject { ["CloudAccountUid"] = a, ["FindingInfoUid"] = i, ["MetadataProductUid"] = p } };
                matches = f => (string?)f["cloud"]?["account"]?["uid"] == a && InfoUidOf(f) == i && (string?)f["metadata"]?["product"]?["uid"] == p;
            }

            if (UnprocessedOcsfUids.TryGetValue(key, out var errorCode))
            {
                unprocessed.Add(UnprocessedV2(reference, errorCode, "Simulated failure"));
                continue;
            }

            lock (_gate)
            {
                var finding = _ocsfFindings.FirstOrDefault(matches);
                if (finding is null)
                {
                    unprocessed.Add(UnprocessedV2(reference, "ResourceNotFoundException", "Finding not found"));
                    continue;
                }

                // "the string sibling status will automatically be updated in the finding"
                if (statusId is { } status)
                {
                    finding["status_id"] = status;
                    finding["status"] = StatusNames[status];
                }

                if (severityId is { } severity)
                {
                    finding["severity_id"] = severity;
                    finding["severity"] = SeverityNames[severity];
                }

                if (comment is not null)
                {
                    finding["comment"] = comment;
                }

                if (hasUids && finding["cloud"]?["account"]?["uid"] is { } acct && InfoUidOf(finding) is { } infoUid && finding["metadata"]?["product"]?["uid"] is { } prod)
                {
                    reference["FindingIdentifier"] = new JsonObject { ["CloudAccountUid"] = acct.DeepClone(), ["FindingInfoUid"] = infoUid, ["MetadataProductUid"] = prod.DeepClone() };
                }
                else if (!hasUids && UidOf(finding) is { } metadataUid)
                {
                    reference["MetadataUid"] = metadataUid;
                }
            }

            processed.Add(reference);
        }

        return new FakeResponse(200, new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed }.ToJsonString());
    }

    private static JsonObject UnprocessedV2(JsonObject reference, string code, string message)
    {
        var item = reference.DeepClone().AsObject();
        item["ErrorCode"] = code;
        item["ErrorMessage"] = message;
        return item;
    }
}

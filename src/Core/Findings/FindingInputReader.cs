using System.Text.Json;

namespace SecHubBot.Core.Findings;

/// <summary>
/// Recognises every input shape SecHubBot accepts and reads the findings out of it. Strict about the
/// outside (anything that is not a finding event is rejected with a message that says what was
/// expected) and tolerant inside (one bad finding or SQS record is set aside, the rest go on).
/// </summary>
public static class FindingInputReader
{
    public const string ImportedDetailType = "Security Hub Findings - Imported";
    public const string CustomActionDetailType = "Security Hub Findings - Custom Action";

    /// <summary>The new Security Hub's event: one OCSF finding in detail.findings.</summary>
    /// <remarks>https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-v2-cwe-event-formats.html</remarks>
    public const string ImportedV2DetailType = "Findings Imported V2";

    private const string Expected =
        "expected a Security Hub finding event: an EventBridge \"Security Hub Findings - Imported\", \"- Custom Action\" or \"Findings Imported V2\" event, " +
        "an SQS batch of them (Records[].body), one ASFF or OCSF finding, an array of findings, or {\"Findings\": [...]}";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 128,
    };

    public static FindingBatch Read(string json) => Read(json.AsMemory());

    public static FindingBatch Read(ReadOnlyMemory<char> json)
    {
        if (json.Span.IsWhiteSpace())
        {
            throw new NotAFindingEventException($"the input is empty; {Expected}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new NotAFindingEventException($"the input is not valid JSON ({FirstLine(ex.Message)}); {Expected}");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static FindingBatch Read(JsonElement root)
    {
        var collector = new Collector();
        var shape = root.ValueKind switch
        {
            JsonValueKind.Array => ReadArray(root, collector),
            JsonValueKind.Object => ReadObject(root, collector, recordId: null, allowSqs: true),
            _ => throw new NotAFindingEventException($"the input is {FindingReader.Describe(root)}; {Expected}"),
        };

        return collector.ToBatch(shape);
    }

    private static InputShape ReadArray(JsonElement array, Collector collector)
    {
        if (array.GetArrayLength() == 0)
        {
            throw new NotAFindingEventException($"the input is an empty array, so it holds no findings; {Expected}");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            collector.AddFinding(item, $"[{index}]", recordId: null, fallbackRegion: null);
            index++;
        }

        if (collector.FindingCount == 0)
        {
            throw new NotAFindingEventException($"no element of the array is a finding ({collector.FirstRejection}); {Expected}");
        }

        return InputShape.FindingArray;
    }

    private static InputShape ReadObject(JsonElement obj, Collector collector, string? recordId, bool allowSqs)
    {
        if (obj.TryGetProperty("Records", out var records) && allowSqs)
        {
            return ReadSqs(records, collector);
        }

        if (obj.TryGetProperty("detail-type", out var detailType))
        {
            return ReadEventBridge(obj, detailType, collector, recordId);
        }

        if (obj.TryGetProperty("Findings", out var findings) || obj.TryGetProperty("findings", out findings))
        {
            if (findings.ValueKind != JsonValueKind.Array)
            {
                throw new NotAFindingEventException($"\"Findings\" is {FindingReader.Describe(findings)}, not an array; {Expected}");
            }

            ReadList(findings, "Findings", collector, recordId, fallbackRegion: null);
            return InputShape.FindingsWrapper;
        }

        if (obj.TryGetProperty("Id", out _) || obj.TryGetProperty("SchemaVersion", out _) || OcsfFindingReader.LooksLikeOcsf(obj))
        {
            collector.AddFinding(obj, "finding", recordId, fallbackRegion: null);
            if (collector.FindingCount == 0)
            {
                throw new NotAFindingEventException($"the object is not a usable finding ({collector.FirstRejection}); {Expected}");
            }

            return InputShape.SingleFinding;
        }

        throw new NotAFindingEventException($"{DescribeObject(obj)}; {Expected}");
    }

    private static InputShape ReadEventBridge(JsonElement evt, JsonElement detailType, Collector collector, string? recordId)
    {
        var type = detailType.ValueKind == JsonValueKind.String ? detailType.GetString() : null;
        var source = evt.String("source");
        if (type is not (ImportedDetailType or CustomActionDetailType or ImportedV2DetailType))
        {
            throw new NotAFindingEventException(
                $"this is an EventBridge event with detail-type \"{type}\" from source \"{source}\", which carries no findings; {Expected}");
        }

        var detail = evt.Object("detail");
        if (detail is null || !detail.Value.TryGet("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
        {
            throw new NotAFindingEventException($"the \"{type}\" event has no detail.findings array; {Expected}");
        }

        ReadList(findings, "detail.findings", collector, recordId, evt.String("region"));
        return type == CustomActionDetailType ? InputShape.EventBridgeCustomAction : InputShape.EventBridgeImported;
    }

    private static void ReadList(JsonElement findings, string where, Collector collector, string? recordId, string? fallbackRegion)
    {
        if (findings.GetArrayLength() == 0)
        {
            throw new NotAFindingEventException($"{where} is an empty array, so the input holds no findings; {Expected}");
        }

        var before = collector.FindingCount;
        var index = 0;
        foreach (var item in findings.EnumerateArray())
        {
            collector.AddFinding(item, $"{where}[{index}]", recordId, fallbackRegion);
            index++;
        }

        if (recordId is null && collector.FindingCount == before)
        {
            throw new NotAFindingEventException($"no entry of {where} is a finding ({collector.FirstRejection}); {Expected}");
        }
    }

    /// <summary>
    /// An SQS event: each record's body is read on its own, so one poison record is rejected
    /// (and reported by message id, for batchItemFailures) while the others go on.
    /// </summary>
    private static InputShape ReadSqs(JsonElement records, Collector collector)
    {
        if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0)
        {
            throw new NotAFindingEventException($"\"Records\" is not a non-empty array; {Expected}");
        }

        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            var where = $"Records[{index++}]";
            var messageId = record.String("messageId");
            var body = record.String("body");
            if (messageId is null || body is null)
            {
                collector.Reject(messageId, where, "the record has no messageId or body, so it is not an SQS message");
                continue;
            }

            collector.AddRecord(messageId);
            try
            {
                using var document = JsonDocument.Parse(body, DocumentOptions);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var rejectionsBefore = collector.RejectionCount;
                    var findingsBefore = collector.SeenCount;
                    ReadObject(document.RootElement, collector, messageId, allowSqs: false);
                    if (collector.SeenCount == findingsBefore && collector.RejectionCount == rejectionsBefore)
                    {
                        collector.Reject(messageId, where, "the body holds no findings");
                    }
                }
                else if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    ReadList(document.RootElement, $"{where}.body", collector, messageId, fallbackRegion: null);
                }
                else
                {
                    collector.Reject(messageId, where, $"the body is {FindingReader.Describe(document.RootElement)}, not a finding event");
                }
            }
            catch (JsonException ex)
            {
                collector.Reject(messageId, where, $"the body is not valid JSON ({FirstLine(ex.Message)})");
            }
            catch (NotAFindingEventException ex)
            {
                collector.Reject(messageId, where, ex.Message.Split("; expected", 2)[0]);
            }
        }

        if (collector.FindingCount == 0 && collector.RejectionCount > 0 && collector.RecordCount == 0)
        {
            throw new NotAFindingEventException($"no record of the SQS batch is a message ({collector.FirstRejection}); {Expected}");
        }

        return InputShape.SqsBatch;
    }

    private static string DescribeObject(JsonElement obj)
    {
        if (obj.TryGetProperty("status_code", out _) && obj.TryGetProperty("data", out _))
        {
            return "this is a recorded API response ({\"status_code\", \"data\"}), not a finding event";
        }

        if (obj.TryGetProperty("eventSource", out _) && obj.TryGetProperty("eventName", out _))
        {
            return "this is a CloudTrail record, not a finding event";
        }

        if (obj.TryGetProperty("insightResults", out _) || obj.TryGetProperty("InsightResults", out _))
        {
            return "this holds insight results, not findings";
        }

        var names = obj.EnumerateObject().Select(p => p.Name).Take(5).ToArray();
        return names.Length == 0
            ? "the input is an empty object"
            : $"the object's keys ({string.Join(", ", names)}{(obj.EnumerateObject().Count() > 5 ? ", ..." : "")}) are not those of a finding event";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 200 ? line : line[..200];
    }

    /// <summary>Gathers findings, rejections and duplicates; a repeated Id keeps the newest UpdatedAt.</summary>
    private sealed class Collector
    {
        private readonly List<IncomingFinding> _findings = [];
        private readonly Dictionary<FindingRef, int> _indexByRef = [];
        private readonly List<Rejection> _rejections = [];
        private readonly List<DuplicateFinding> _duplicates = [];
        private readonly List<string> _recordIds = [];

        public int FindingCount => _findings.Count;

        public int RejectionCount => _rejections.Count;

        /// <summary>Findings read, duplicates included.</summary>
        public int SeenCount => _findings.Count + _duplicates.Count;

        public int RecordCount => _recordIds.Count;

        public string FirstRejection => _rejections.Count > 0 ? _rejections[0].ToString() : "nothing readable";

        public void AddRecord(string recordId) => _recordIds.Add(recordId);

        public void Reject(string? recordId, string where, string reason) => _rejections.Add(new Rejection(recordId, where, reason));

        public void AddFinding(JsonElement element, string where, string? recordId, string? fallbackRegion)
        {
            var result = OcsfFindingReader.LooksLikeOcsf(element)
                ? OcsfFindingReader.Read(element, fallbackRegion)
                : FindingReader.Read(element, fallbackRegion);
            if (result.Finding is not { } finding)
            {
                Reject(recordId, where, result.Error!);
                return;
            }

            if (_indexByRef.TryGetValue(finding.Ref, out var existing))
            {
                var kept = _findings[existing];
                if ((finding.UpdatedAt ?? DateTimeOffset.MinValue) > (kept.Finding.UpdatedAt ?? DateTimeOffset.MinValue))
                {
                    _findings[existing] = new IncomingFinding(finding, recordId);
                    _duplicates.Add(new DuplicateFinding(kept.Finding.Ref, kept.RecordId));
                }
                else
                {
                    _duplicates.Add(new DuplicateFinding(finding.Ref, recordId));
                }

                return;
            }

            _indexByRef[finding.Ref] = _findings.Count;
            _findings.Add(new IncomingFinding(finding, recordId));
        }

        public FindingBatch ToBatch(InputShape shape) =>
            new(shape, _findings.ToArray(), _rejections.ToArray(), _duplicates.ToArray()) { RecordIds = _recordIds.ToArray() };
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.SecurityHub;

/// <summary>StringFilter: <c>{Value, Comparison}</c>; values are case-sensitive.</summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StringFilter.html</remarks>
public sealed record StringFilter(string Value, string Comparison = StringFilter.EqualsComparison)
{
    public const string EqualsComparison = "EQUALS";
}

/// <summary>MapFilter: <c>{Key, Value, Comparison}</c>, used for UserDefinedFields, ProductFields, ResourceTags.</summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_MapFilter.html</remarks>
public sealed record MapFilter(string Key, string Value, string Comparison = StringFilter.EqualsComparison);

/// <summary>The subset of AwsSecurityFindingFilters SecHubBot uses; at most 20 values per attribute.</summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFindingFilters.html</remarks>
public sealed class FindingFilters
{
    public IReadOnlyList<StringFilter>? Id { get; init; }

    public IReadOnlyList<StringFilter>? ProductArn { get; init; }

    public IReadOnlyList<StringFilter>? WorkflowStatus { get; init; }

    public IReadOnlyList<StringFilter>? RecordState { get; init; }

    public IReadOnlyList<StringFilter>? SeverityLabel { get; init; }

    public IReadOnlyList<StringFilter>? ComplianceSecurityControlId { get; init; }

    public IReadOnlyList<MapFilter>? UserDefinedFields { get; init; }
}

/// <summary>One page of GetFindings: the findings read, those that could not be read (and why), and the next token.</summary>
public sealed record FindingsPage(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Unreadable, string? NextToken);

/// <summary>What to change on a set of findings with BatchUpdateFindings; null members are left alone.</summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html</remarks>
public sealed record BatchUpdateFindingsRequest
{
    public required IReadOnlyList<FindingRef> Findings { get; init; }

    public WorkflowStatus? Workflow { get; init; }

    public FindingNoteUpdate? Note { get; init; }

    /// <summary>Merged into the finding's map (≤50 pairs, key ≤128, value ≤1024 characters).</summary>
    public IReadOnlyDictionary<string, string>? UserDefinedFields { get; init; }
}

/// <summary>Note.Text is 1–512 characters; UpdatedBy names who (the Slack user) made the change.</summary>
public sealed record FindingNoteUpdate(string Text, string UpdatedBy)
{
    public const int MaxTextLength = 512;
}

/// <summary>A finding Security Hub did not update, with its error code (ConcurrentUpdateError, FindingNotFound, ...).</summary>
public sealed record UnprocessedFinding(FindingRef Finding, string ErrorCode, string ErrorMessage);

/// <summary>Every finding of the request lands in exactly one of the two lists.</summary>
public sealed record BatchUpdateFindingsResult(IReadOnlyList<FindingRef> Processed, IReadOnlyList<UnprocessedFinding> Unprocessed)
{
    public bool AllProcessed => Unprocessed.Count == 0;
}

internal sealed class GetFindingsWireRequest
{
    public required FindingFilters Filters { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

internal sealed class GetFindingsWireResponse
{
    public List<JsonElement>? Findings { get; init; }

    public string? NextToken { get; init; }
}

internal sealed class FindingIdentifierWire
{
    public string? Id { get; init; }

    public string? ProductArn { get; init; }
}

internal sealed class WorkflowUpdateWire
{
    public required string Status { get; init; }
}

internal sealed class NoteUpdateWire
{
    public required string Text { get; init; }

    public required string UpdatedBy { get; init; }
}

internal sealed class BatchUpdateFindingsWireRequest
{
    public required List<FindingIdentifierWire> FindingIdentifiers { get; init; }

    public WorkflowUpdateWire? Workflow { get; init; }

    public NoteUpdateWire? Note { get; init; }

    public IReadOnlyDictionary<string, string>? UserDefinedFields { get; init; }
}

internal sealed class UnprocessedFindingWire
{
    public FindingIdentifierWire? FindingIdentifier { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}

internal sealed class BatchUpdateFindingsWireResponse
{
    public List<FindingIdentifierWire>? ProcessedFindings { get; init; }

    public List<UnprocessedFindingWire>? UnprocessedFindings { get; init; }
}

internal sealed class AwsErrorWire
{
    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    [JsonPropertyName("message")]
    public string? LowerMessage { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(GetFindingsWireRequest))]
[JsonSerializable(typeof(GetFindingsWireResponse))]
[JsonSerializable(typeof(BatchUpdateFindingsWireRequest))]
[JsonSerializable(typeof(BatchUpdateFindingsWireResponse))]
[JsonSerializable(typeof(AwsErrorWire))]
internal sealed partial class SecurityHubJson : JsonSerializerContext;

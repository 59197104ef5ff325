using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.SecurityHub;

/// <summary>
/// How BatchUpdateFindingsV2 and GetFindingsV2 address one OCSF finding: its metadata.uid, else the
/// (cloud.account.uid, finding_info.uid, metadata.product.uid) identifier.
/// </summary>
public sealed record OcsfFindingAddress(string? MetadataUid, OcsfFindingIdentifier? Identifier)
{
    /// <summary>The address of an OCSF finding; null for an ASFF one.</summary>
    public static OcsfFindingAddress? Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Ocsf is { } ocsf && (ocsf.MetadataUid is not null || ocsf.Identifier is not null)
            ? new OcsfFindingAddress(ocsf.MetadataUid, ocsf.Identifier)
            : null;
    }

    public override string ToString() => MetadataUid ?? Identifier?.FindingInfoUid ?? "(no address)";
}

/// <summary>What to change on OCSF findings with BatchUpdateFindingsV2; null members are left alone.</summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindingsV2.html</remarks>
public sealed record BatchUpdateFindingsV2Request
{
    public required IReadOnlyList<OcsfFindingAddress> Findings { get; init; }

    /// <summary>StatusId; the API takes 0–5 and 99 (not 6, Deleted).</summary>
    public OcsfStatus? Status { get; init; }

    public FindingComment? Comment { get; init; }
}

/// <summary>
/// The finding's comment: OCSF has no separate "updated by", so who made the change is written into the
/// text, and the reason is cut (never who) so the whole stays within the API's 1–512 characters.
/// </summary>
public sealed record FindingComment(string Reason, string UpdatedBy)
{
    /// <summary>BatchUpdateFindingsV2 Comment: "Minimum character length 1. Maximum character length 512."</summary>
    public const int MaxLength = 512;

    private const int MaxUpdatedBy = 128;

    public string Text
    {
        get
        {
            var who = Cut(UpdatedBy.Trim(), MaxUpdatedBy);
            var suffix = who.Length == 0 ? string.Empty : $" (by {who})";
            var reason = Reason.Trim();
            if (reason.Length == 0)
            {
                reason = "Updated";
            }

            return Cut(reason, MaxLength - suffix.Length) + suffix;
        }
    }

    /// <summary>Cuts at a text-element boundary (never inside a surrogate pair or a combining sequence), marking the cut with an ellipsis.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var builder = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (builder.Length + element.Length > max - 1)
            {
                break;
            }

            builder.Append(element);
        }

        return builder.ToString().TrimEnd() + "…";
    }
}

/// <summary>An OCSF finding Security Hub did not update, with its error code (ResourceNotFoundException, ValidationException, ConflictException, …).</summary>
public sealed record UnprocessedOcsfFinding(OcsfFindingAddress Finding, string ErrorCode, string ErrorMessage);

/// <summary>Every finding of the request lands in exactly one of the two lists.</summary>
public sealed record BatchUpdateFindingsV2Result(IReadOnlyList<OcsfFindingAddress> Processed, IReadOnlyList<UnprocessedOcsfFinding> Unprocessed)
{
    public bool AllProcessed => Unprocessed.Count == 0;
}

internal sealed class GetFindingsV2WireRequest
{
    public OcsfFindingFiltersWire? Filters { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

/// <summary>OcsfFindingFilters: CompositeFilters combined by CompositeOperator.</summary>
internal sealed class OcsfFindingFiltersWire
{
    public required List<CompositeFilterWire> CompositeFilters { get; init; }

    public string? CompositeOperator { get; init; }
}

internal sealed class CompositeFilterWire
{
    public List<OcsfStringFilterWire>? StringFilters { get; init; }

    public string? Operator { get; init; }
}

internal sealed class OcsfStringFilterWire
{
    public required string FieldName { get; init; }

    public required StringFilter Filter { get; init; }
}

internal sealed class GetFindingsV2WireResponse
{
    public List<JsonElement>? Findings { get; init; }

    public string? NextToken { get; init; }
}

internal sealed class OcsfFindingIdentifierWire
{
    public string? CloudAccountUid { get; init; }

    public string? FindingInfoUid { get; init; }

    public string? MetadataProductUid { get; init; }
}

internal sealed class BatchUpdateFindingsV2WireRequest
{
    public List<string>? MetadataUids { get; init; }

    public List<OcsfFindingIdentifierWire>? FindingIdentifiers { get; init; }

    public string? Comment { get; init; }

    public int? StatusId { get; init; }
}

internal sealed class BatchUpdateFindingsV2ItemWire
{
    public OcsfFindingIdentifierWire? FindingIdentifier { get; init; }

    public string? MetadataUid { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}

internal sealed class BatchUpdateFindingsV2WireResponse
{
    public List<BatchUpdateFindingsV2ItemWire>? ProcessedFindings { get; init; }

    public List<BatchUpdateFindingsV2ItemWire>? UnprocessedFindings { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(GetFindingsV2WireRequest))]
[JsonSerializable(typeof(GetFindingsV2WireResponse))]
[JsonSerializable(typeof(BatchUpdateFindingsV2WireRequest))]
[JsonSerializable(typeof(BatchUpdateFindingsV2WireResponse))]
internal sealed partial class SecurityHubV2Json : JsonSerializerContext;

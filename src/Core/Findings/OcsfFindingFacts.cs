namespace SecHubBot.Core.Findings;

/// <summary>
/// What an OCSF finding of the new Security Hub says that ASFF has no slot for: its two addresses,
/// its class, and its status and activity as OCSF numbers them.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ocsf.html</remarks>
public sealed record OcsfFindingFacts
{
    /// <summary>metadata.uid: Security Hub's global id, what BatchUpdateFindingsV2.MetadataUids takes. Absent in some findings (exposure samples).</summary>
    public string? MetadataUid { get; init; }

    /// <summary>finding_info.uid: the providing product's own id (a GuardDuty or Inspector ARN, a control finding ARN, or hex).</summary>
    public string? FindingInfoUid { get; init; }

    /// <summary>The (cloud.account.uid, finding_info.uid, metadata.product.uid) triple, when all three are present.</summary>
    public OcsfFindingIdentifier? Identifier { get; init; }

    /// <summary>class_uid: 2002 Vulnerability, 2003 Compliance, 2004 Detection, 2006 Data Security Finding.</summary>
    public int ClassUid { get; init; }

    public string? ClassName { get; init; }

    public OcsfStatus Status { get; init; } = OcsfStatus.New;

    public OcsfActivity Activity { get; init; } = OcsfActivity.Unknown;

    /// <summary>finding_info.related_events: for exposure findings, the findings that make up the exposure, with their traits.</summary>
    public IReadOnlyList<OcsfRelatedFinding> RelatedFindings { get; init; } = [];
}

/// <summary>BatchUpdateFindingsV2's FindingIdentifier: all three members are required by the API.</summary>
public sealed record OcsfFindingIdentifier(string CloudAccountUid, string FindingInfoUid, string MetadataProductUid);

/// <summary>A finding an exposure finding is built from, and the traits it contributes ("Reachability: Publicly Invocable").</summary>
public sealed record OcsfRelatedFinding(string? Uid, string? Title, string? ProductUid)
{
    public IReadOnlyList<OcsfTrait> Traits { get; init; } = [];
}

/// <summary>One trait category ("Vulnerability", "Reachability", "Misconfiguration") and its values.</summary>
public sealed record OcsfTrait(string Category, IReadOnlyList<string> Values);

/// <summary>OCSF status_id, as BatchUpdateFindingsV2.StatusId takes it (the API allows 0–5 and 99).</summary>
public enum OcsfStatus
{
    Unknown = 0,
    New = 1,
    InProgress = 2,
    Suppressed = 3,
    Resolved = 4,
    Archived = 5,
    Deleted = 6,
    Other = 99,
}

/// <summary>OCSF activity_id of a finding event; Security Hub deletes a finding 14 days after Close.</summary>
public enum OcsfActivity
{
    Unknown = 0,
    Create = 1,
    Update = 2,
    Close = 3,
    Other = 99,
}

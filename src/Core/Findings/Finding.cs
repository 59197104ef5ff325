using System.Text.Json;

namespace SecHubBot.Core.Findings;

/// <summary>
/// One finding, read tolerantly from whatever a product wrote: an AWS Security Finding Format (ASFF)
/// finding of Security Hub CSPM, or an OCSF finding of the new Security Hub (<see cref="Schema"/>).
/// Every field a product may omit is nullable or empty.
/// </summary>
/// <remarks>
/// ASFF: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html;
/// OCSF: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ocsf.html
/// </remarks>
public sealed record Finding
{
    /// <summary>ASFF Id; for OCSF, metadata.uid (Security Hub's global id), else finding_info.uid when metadata.uid is absent.</summary>
    public required string Id { get; init; }

    /// <summary>ASFF ProductArn; for OCSF, metadata.product.uid ("arn:aws:securityhub:…::productv2/aws/guardduty").</summary>
    public required string ProductArn { get; init; }

    /// <summary>Which format the finding arrived in, and so which Security Hub API reads and updates it.</summary>
    public FindingSchema Schema { get; init; } = FindingSchema.Asff;

    /// <summary>OCSF only: how GetFindingsV2 and BatchUpdateFindingsV2 address the finding, its class, status and activity.</summary>
    public OcsfFindingFacts? Ocsf { get; init; }

    public string? GeneratorId { get; init; }

    public string? AwsAccountId { get; init; }

    /// <summary>The finding's region, else the region in its ProductArn or Id, else the event's region.</summary>
    public string? Region { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required FindingSeverity Severity { get; init; }

    public WorkflowStatus Workflow { get; init; } = WorkflowStatus.New;

    public RecordState RecordState { get; init; } = RecordState.Active;

    public ComplianceStatus Compliance { get; init; } = ComplianceStatus.None;

    /// <summary>Security control id ("EC2.18", "CIS 1.22" style ids keep their own form), when the finding comes from a control.</summary>
    public string? ControlId { get; init; }

    /// <summary>The standard a per-standard control finding belongs to, such as "cis-aws-foundations-benchmark/v/1.2.0".</summary>
    public string? Standard { get; init; }

    public string? ProductName { get; init; }

    public string? CompanyName { get; init; }

    public FindingProduct Product { get; init; } = FindingProduct.Other;

    public IReadOnlyList<string> Types { get; init; } = [];

    public IReadOnlyList<FindingResource> Resources { get; init; } = [];

    public string? RemediationText { get; init; }

    public string? RemediationUrl { get; init; }

    public string? SourceUrl { get; init; }

    public DateTimeOffset? FirstObservedAt { get; init; }

    public DateTimeOffset? LastObservedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public IReadOnlyDictionary<string, string> ProductFields { get; init; } = EmptyMap;

    public IReadOnlyDictionary<string, string> UserDefinedFields { get; init; } = EmptyMap;

    public IReadOnlyList<Vulnerability> Vulnerabilities { get; init; } = [];

    public IReadOnlyList<string> ComplianceReasons { get; init; } = [];

    public FindingNote? Note { get; init; }

    public FindingRef Ref => new(Id, ProductArn);

    /// <summary>The first resource's id, or null when the finding names none.</summary>
    public string? PrimaryResourceId => Resources.Count > 0 ? Resources[0].Id : null;

    /// <summary>The partition ("aws", "aws-cn", "aws-us-gov") from the ProductArn, defaulting to "aws".</summary>
    public string Partition => Arn.PartitionOf(ProductArn) ?? Arn.PartitionOf(Id) ?? "aws";

    /// <summary>What identifies "the same problem" across findings: the control, else the generator, else the title.</summary>
    public string ProblemKey => ControlId ?? GeneratorId ?? Title;

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}

/// <summary>The pair Security Hub needs to address a finding in BatchUpdateFindings.</summary>
public readonly record struct FindingRef(string Id, string ProductArn);

/// <summary>Workflow.Status. Security Hub moves NOTIFIED/RESOLVED back to NEW when a finding becomes active or fails again.</summary>
public enum WorkflowStatus
{
    New,
    Notified,
    Resolved,
    Suppressed,
}

public enum RecordState
{
    Active,
    Archived,
}

/// <summary>Compliance.Status; <see cref="None"/> for findings that are not control checks.</summary>
public enum ComplianceStatus
{
    None,
    Passed,
    Warning,
    Failed,
    NotAvailable,
}

/// <summary>The products whose findings read differently enough to be explained differently.</summary>
public enum FindingProduct
{
    Other,
    SecurityHubControl,
    GuardDuty,
    Inspector,
    AccessAnalyzer,
    Config,
    Health,
    Macie,

    /// <summary>The new Security Hub's exposure findings (product securityhub-risk): several findings that together expose a resource.</summary>
    SecurityHubExposure,
}

/// <summary>
/// A resource the finding names. <see cref="Type"/> is ASFF's vocabulary ("AwsEc2Instance") for both
/// schemas (OCSF's CloudFormation-style "AWS::EC2::Instance" is translated), so rules that read types
/// work for either; <see cref="Id"/> is an ARN where one is known.
/// </summary>
public sealed record FindingResource(string Type, string Id)
{
    /// <summary>OCSF resources[].name, when the writer gave one.</summary>
    public string? Name { get; init; }

    public string? Partition { get; init; }

    public string? Region { get; init; }

    /// <summary>The resource's Details object (keyed by resource type, "Other", or flat), if any.</summary>
    public JsonElement? Details { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

public sealed record Vulnerability(string Id)
{
    public IReadOnlyList<VulnerablePackage> Packages { get; init; } = [];

    public double? CvssScore { get; init; }

    public string? VendorSeverity { get; init; }

    public string? VendorUrl { get; init; }

    /// <summary>"YES", "NO", "PARTIAL" as Inspector writes it, or null.</summary>
    public string? FixAvailable { get; init; }

    /// <summary>"YES" or "NO" (ASFF ExploitAvailable, OCSF is_exploit_available), or null when unknown.</summary>
    public string? ExploitAvailable { get; init; }

    /// <summary>EPSS probability (0–1) that the vulnerability is exploited in the next 30 days, when given.</summary>
    public double? EpssScore { get; init; }

    public IReadOnlyList<string> ReferenceUrls { get; init; } = [];
}

public sealed record VulnerablePackage(string Name)
{
    public string? Version { get; init; }

    public string? FixedInVersion { get; init; }

    public string? Remediation { get; init; }

    public string? PackageManager { get; init; }

    public string? FilePath { get; init; }
}

public sealed record FindingNote(string Text, string? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>The finding format, which decides the API: GetFindings/BatchUpdateFindings, or their V2 twins.</summary>
public enum FindingSchema
{
    Asff,
    Ocsf,
}

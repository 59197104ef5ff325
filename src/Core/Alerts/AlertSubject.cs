using System.Globalization;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What an alert is about, as the facts its parent shows: one finding (<see cref="Single"/>), a storm's
/// group (<see cref="Group"/>), or, when the findings cannot be read, what the alert's own metadata says
/// (<see cref="FromMetadata"/>). <see cref="AlertComposer"/> lays these facts out; every value here is raw,
/// untrusted text that the composer escapes.
/// </summary>
public sealed class AlertSubject
{
    /// <summary>How many resources a group's parent names before "and N more".</summary>
    public const int ListedResources = 10;

    private AlertSubject()
    {
    }

    public SeverityLabel Severity { get; private init; }

    /// <summary>The header after the severity emoji: the finding's title, or the group's "EC2.18 failed on 37 …".</summary>
    public string Headline { get; private init; } = string.Empty;

    /// <summary>The single finding the buttons act on; null for a group, or when the metadata does not name it.</summary>
    public FindingRef? Finding { get; private init; }

    /// <summary>Members of a grouped alert; null for a single finding.</summary>
    public int? GroupSize { get; private init; }

    public bool IsGroup => GroupSize is not null;

    /// <summary>
    /// The user group the parent mentions (a routing rule's MentionGroup, set only for CRITICAL findings): the only
    /// mention SecHubBot writes. It comes from configuration, never from a finding.
    /// </summary>
    public string? MentionGroup { get; private init; }

    /// <summary>The alert's metadata (DESIGN.md §2), with the status the composer is asked to show.</summary>
    public FindingAlertMetadata Metadata { get; private init; } = new();

    internal string FallbackText { get; private init; } = string.Empty;

    internal IReadOnlyList<(string Name, string Value)> Fields { get; private init; } = [];

    internal DateTimeOffset? FirstSeen { get; private init; }

    /// <summary>A group's resources (at most <see cref="ListedResources"/>) and how many the group has in all.</summary>
    internal IReadOnlyList<string> Resources { get; private init; } = [];

    internal int ResourceTotal { get; private init; }

    internal string? ConsoleUrl { get; private init; }

    /// <summary>The context line naming the finding or the group; safe mrkdwn.</summary>
    internal string Context { get; private init; } = string.Empty;

    /// <summary>Security Hub's own words for a single finding's state ("workflow RESOLVED, compliance PASSED").</summary>
    internal string? SecurityHubState { get; private init; }

    /// <summary>For a group's fix reply: the resource the steps use as their example.</summary>
    internal string? Example { get; private init; }

    /// <summary>The title the fix reply is about.</summary>
    internal string FixTitle { get; private init; } = string.Empty;

    /// <summary>The kind of finding, which picks the suggested follow-up questions.</summary>
    internal FindingKind Kind { get; private init; }

    /// <param name="finding">The finding.</param>
    /// <param name="accountDisplay">The account as people know it ("prod-payments (111122223333)"); the bare id when null.</param>
    /// <param name="mentionGroup">The user group to mention (<see cref="MentionGroup"/>).</param>
    public static AlertSubject Single(Finding finding, string? accountDisplay = null, string? mentionGroup = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var resource = finding.PrimaryResourceId is { } id ? $" on {ResourceNames.ShortId(id)}" : "";
        accountDisplay ??= finding.AwsAccountId;
        var account = accountDisplay is { } a ? $" in {a}" : "";
        var url = ConsoleLinks.Finding(finding);
        return new AlertSubject
        {
            Severity = finding.Severity.Label,
            Headline = finding.Title,
            Finding = finding.Ref,
            MentionGroup = mentionGroup,
            Metadata = MetadataOf(finding),
            FallbackText = $"{finding.Severity.LabelText}: {finding.Title}{resource}{account}",
            Fields =
            [
                ("Severity", finding.Severity.LabelText),
                ("Account", accountDisplay ?? "unknown"),
                ("Region", finding.Region ?? "unknown"),
                ("Resource", finding.Resources.Count switch
                {
                    0 => "none named",
                    1 => ResourceNames.Describe(finding.Resources[0]),
                    _ => $"{ResourceNames.Describe(finding.Resources[0])} (+{Count(finding.Resources.Count - 1)} more)",
                }),
                finding.ControlId is { } control
                    ? ("Control", ControlLabel(control, finding.Standard))
                    : ("Type", finding.Types.FirstOrDefault()?.Split('/')[^1] ?? Reporter(finding)),
            ],
            FirstSeen = finding.FirstObservedAt ?? finding.CreatedAt,
            ConsoleUrl = url.Length <= BlockKitLimits.ButtonUrl ? url : ConsoleLinks.Finding(finding.Schema, string.Empty, finding.Region, finding.Partition),
            Context = $"Finding {Mrkdwn.Code(Mrkdwn.PlainTruncate(finding.Id, 200))} from {Mrkdwn.Escape(Mrkdwn.PlainTruncate(Reporter(finding), 100))}",
            SecurityHubState = SecurityHubStateOf(finding),
            FixTitle = finding.Title,
            Kind = SuggestedQuestions.KindOf(finding, finding.ControlId),
        };
    }

    /// <summary>A storm's one alert. The first member names the control, account and region for all of them.</summary>
    public static AlertSubject Group(IReadOnlyList<Finding> members) => Group(members, members?.Count ?? 0);

    /// <summary>
    /// A storm's one alert of <paramref name="total"/> findings drawn from some of them: the parent names at
    /// most <see cref="ListedResources"/> resources, so a redraw needs only those <paramref name="members"/>
    /// (and the severity shown is the highest among them), while the counts and buttons speak for all.
    /// </summary>
    /// <param name="members">The findings drawn.</param>
    /// <param name="total">How many findings the group has in all.</param>
    /// <param name="accountDisplay">The account as people know it ("prod-payments (111122223333)"); the bare id when null.</param>
    /// <param name="mentionGroup">The user group to mention (<see cref="MentionGroup"/>).</param>
    public static AlertSubject Group(IReadOnlyList<Finding> members, int total, string? accountDisplay = null, string? mentionGroup = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, members.Count);
        var first = members[0];
        var severity = members.Max(m => m.Severity.Label);
        var headline = GroupHeadline(members, total);
        var control = first.ControlId ?? first.ProblemKey;
        return new AlertSubject
        {
            Severity = severity,
            Headline = headline,
            GroupSize = total,
            MentionGroup = mentionGroup,
            Metadata = new FindingAlertMetadata
            {
                ControlId = control,
                AccountId = first.AwsAccountId,
                Region = first.Region,
                Severity = FindingSeverity.ToAsff(severity),
                GroupSize = total,
                Schema = first.Schema == FindingSchema.Ocsf ? FindingAlertMetadata.OcsfSchema : FindingAlertMetadata.AsffSchema,
                Status = AlertStatus.Open.ToWire(),
            },
            FallbackText = $"{FindingSeverity.ToAsff(severity)}: {headline}",
            Fields =
            [
                ("Severity", FindingSeverity.ToAsff(severity)),
                ("Account", accountDisplay ?? first.AwsAccountId ?? "unknown"),
                ("Region", first.Region ?? "unknown"),
                ("Control", ControlLabel(control, first.Standard)),
                ("Findings", Count(total)),
            ],
            Resources = [.. members.Take(ListedResources).Select(m => m.Resources.Count > 0 ? ResourceNames.Describe(m.Resources[0]) : m.Title)],
            ResourceTotal = total,
            Context = GroupContext(total, control),
            Example = first.Resources.Count > 0 ? ResourceNames.Describe(first.Resources[0]) : first.Title,
            FixTitle = first.Title,
            Kind = SuggestedQuestions.KindOf(first, first.ControlId),
        };
    }

    /// <summary>
    /// What an alert's metadata says, for when its findings cannot be read: the header names the control,
    /// account and region instead of the title. The metadata is our own, but it is still a claim: the finding
    /// is named only when both id and product ARN are present, and every value is escaped when shown.
    /// </summary>
    public static AlertSubject FromMetadata(FindingAlertMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var severity = FindingSeverity.TryParseLabel(metadata.Severity, out var label) ? label : SeverityLabel.Informational;
        var where = $"{metadata.AccountId ?? "unknown account"} / {metadata.Region ?? "unknown region"}";
        var control = string.IsNullOrWhiteSpace(metadata.ControlId) ? null : metadata.ControlId;
        FindingRef? finding = metadata is { FindingId.Length: > 0, ProductArn.Length: > 0 } ? new FindingRef(metadata.FindingId, metadata.ProductArn) : null;
        var groupSize = metadata.GroupSize is > 0 ? metadata.GroupSize : null;
        var headline = groupSize is { } n
            ? $"{control ?? "A check"} failed on {Count(n)} resources in {where}"
            : $"{control ?? "Security Hub finding"} in {where}";
        var fields = new List<(string, string)>
        {
            ("Severity", FindingSeverity.ToAsff(severity)),
            ("Account", metadata.AccountId ?? "unknown"),
            ("Region", metadata.Region ?? "unknown"),
        };
        if (control is not null)
        {
            fields.Add(("Control", control));
        }

        if (groupSize is { } size)
        {
            fields.Add(("Findings", Count(size)));
        }

        // An OCSF alert's metadata names metadata.uid, which the new console does not filter on: it opens the findings page.
        var ocsf = string.Equals(metadata.Schema, FindingAlertMetadata.OcsfSchema, StringComparison.Ordinal);
        var url = finding is { } f
            ? ConsoleLinks.Finding(ocsf ? FindingSchema.Ocsf : FindingSchema.Asff, ocsf ? string.Empty : f.Id, metadata.Region, Arn.PartitionOf(f.ProductArn) ?? "aws")
            : null;
        return new AlertSubject
        {
            Severity = severity,
            Headline = headline,
            Finding = finding,
            GroupSize = groupSize,
            Metadata = metadata with { GroupSize = groupSize, Schema = metadata.Schema ?? FindingAlertMetadata.AsffSchema },
            FallbackText = $"{FindingSeverity.ToAsff(severity)}: {headline}",
            Fields = fields,
            ConsoleUrl = url is { Length: <= BlockKitLimits.ButtonUrl } ? url : null,
            Context = groupSize is { } members
                ? GroupContext(members, control ?? "this check")
                : finding is { } named ? $"Finding {Mrkdwn.Code(Mrkdwn.PlainTruncate(named.Id, 200))}" : "Security Hub finding",
            ResourceTotal = groupSize ?? 0,
            FixTitle = headline,
            Kind = SuggestedQuestions.KindOf(null, control),
        };
    }

    /// <summary>The metadata of a single finding's alert (DESIGN.md §2), showing it open, with the schema that says which API reads it.</summary>
    public static FindingAlertMetadata MetadataOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var ocsf = finding.Schema == FindingSchema.Ocsf;
        return new FindingAlertMetadata
        {
            // OCSF (DESIGN.md §2): metadata.uid and metadata.product.uid, what GetFindingsV2 and BatchUpdateFindingsV2 take.
            FindingId = ocsf ? finding.Ocsf?.MetadataUid ?? finding.Id : finding.Id,
            ProductArn = finding.ProductArn,
            ControlId = finding.ControlId,
            AccountId = finding.AwsAccountId,
            Region = finding.Region,
            Severity = finding.Severity.LabelText,
            Schema = ocsf ? FindingAlertMetadata.OcsfSchema : FindingAlertMetadata.AsffSchema,
            Status = AlertStatus.Open.ToWire(),
        };
    }

    /// <summary>"EC2.18 failed on 37 EC2 security groups in 111122223333 / ap-northeast-1".</summary>
    public static string GroupHeadline(IReadOnlyList<Finding> members, int total)
    {
        ArgumentNullException.ThrowIfNull(members);
        var first = members[0];
        var types = members.Select(m => m.Resources.Count > 0 ? m.Resources[0].Type : null).Distinct().ToList();
        var what = types is [{ } type] ? Plural(ResourceNames.TypeName(type)) : "resources";
        return $"{first.ControlId ?? first.ProblemKey} failed on {Count(total)} {what} in {first.AwsAccountId ?? "unknown account"} / {first.Region ?? "unknown region"}";
    }

    /// <summary>CIS ids are bare numbers ("4.1"), so they get their benchmark and version; others ("EC2.18") stand alone.</summary>
    public static string ControlLabel(string control, string? standard)
    {
        ArgumentNullException.ThrowIfNull(control);
        const string Cis = "cis-aws-foundations-benchmark/v/";
        return standard is not null && standard.StartsWith(Cis, StringComparison.Ordinal) && control.Length > 0 && char.IsAsciiDigit(control[0])
            ? $"CIS {standard[Cis.Length..]} {control}"
            : control;
    }

    /// <summary>Security Hub's own words for a finding's state, for the people who will look it up there.</summary>
    internal static string SecurityHubStateOf(Finding finding)
    {
        var parts = new List<string> { "workflow " + finding.Workflow.ToString().ToUpperInvariant() };
        if (finding.Compliance != ComplianceStatus.None)
        {
            parts.Add("compliance " + (finding.Compliance == ComplianceStatus.NotAvailable ? "NOT_AVAILABLE" : finding.Compliance.ToString().ToUpperInvariant()));
        }

        if (finding.RecordState == RecordState.Archived)
        {
            parts.Add("record ARCHIVED");
        }

        return string.Join(", ", parts);
    }

    internal static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string GroupContext(int size, string control) =>
        $"{Count(size)} findings of {Mrkdwn.Code(Mrkdwn.PlainTruncate(control, 100))} grouped into one alert; the fix in this thread applies to each.";

    private static string Plural(string noun) => noun.EndsWith('s') ? noun : noun + "s";

    private static string Reporter(Finding finding) =>
        finding.ProductName ?? finding.CompanyName ?? ResourceNames.ShortId(finding.ProductArn);
}

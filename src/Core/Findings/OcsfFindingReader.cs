using System.Text.Json;

namespace SecHubBot.Core.Findings;

/// <summary>
/// Turns one OCSF finding of the new Security Hub ("Findings Imported V2", GetFindingsV2) into a
/// <see cref="Finding"/>, or says why it is not one. OCSF fields land in the same model as ASFF's, so
/// filtering, alerts and explanations read both alike; what ASFF has no slot for is in <see cref="Finding.Ocsf"/>.
/// </summary>
/// <remarks>
/// Classes: 2002 Vulnerability, 2003 Compliance, 2004 Detection, 2006 Data Security Finding
/// (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ocsf.html). Field shapes as seen
/// in real findings are listed in ../shared/samples/ocsf/SOURCES.md.
/// </remarks>
public static class OcsfFindingReader
{
    /// <summary>An object is read as OCSF when it has the OCSF top-level objects and no ASFF Id.</summary>
    public static bool LooksLikeOcsf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && !element.TryGetProperty("Id", out _)
        && (element.TryGetProperty("metadata", out _) || element.TryGetProperty("finding_info", out _) || element.TryGetProperty("class_uid", out _));

    /// <summary>Reads a finding; <paramref name="fallbackRegion"/> is the event's region, used when cloud.region is absent.</summary>
    public static FindingReadResult Read(JsonElement element, string? fallbackRegion = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return FindingReadResult.Fail($"expected an OCSF finding object, found {FindingReader.Describe(element)}");
        }

        var metadata = element.Object("metadata");
        var info = element.Object("finding_info");
        var metadataUid = metadata?.String("uid");
        var productUid = metadata?.Object("product")?.String("uid");
        var infoUid = info?.String("uid");
        var accountUid = element.Object("cloud")?.Object("account")?.String("uid");
        var name = metadataUid ?? infoUid;
        if (metadata is null)
        {
            return FindingReadResult.Fail($"the OCSF finding{Named(name)} has no \"metadata\" object, so it has no metadata.uid or metadata.product.uid");
        }

        if (productUid is null)
        {
            return FindingReadResult.Fail($"the OCSF finding{Named(name)} has no metadata.product.uid, so Security Hub cannot be asked about it");
        }

        var identifier = accountUid is not null && infoUid is not null ? new OcsfFindingIdentifier(accountUid, infoUid, productUid) : null;
        if (metadataUid is null && identifier is null)
        {
            return FindingReadResult.Fail(
                $"the OCSF finding{Named(infoUid)} has no metadata.uid and no complete identifier (cloud.account.uid, finding_info.uid, metadata.product.uid), so Security Hub cannot be asked about it");
        }

        var types = info?.Strings("types") ?? [];
        var title = info?.String("title") ?? (types.Count > 0 ? types[0] : null) ?? element.String("class_name");
        var description = info?.String("desc");
        if (title is null && description is null)
        {
            return FindingReadResult.Fail($"the OCSF finding{Named(name)} has neither finding_info.title nor finding_info.desc");
        }

        var compliance = element.Object("compliance");
        var product = ProductOf(productUid, compliance?.String("control"));
        var status = StatusOf(element);
        var activity = ActivityOf(element);
        var remediation = element.Object("remediation");
        var finding = new Finding
        {
            Id = metadataUid ?? infoUid!,
            ProductArn = productUid,
            Schema = FindingSchema.Ocsf,
            AwsAccountId = accountUid,
            Region = element.Object("cloud")?.String("region") ?? Arn.RegionOf(infoUid) ?? Arn.RegionOf(productUid) ?? FindingReader.NullIfBlank(fallbackRegion),
            Title = title ?? FindingReader.FirstSentence(description!),
            Description = description,
            Severity = SeverityOf(element),
            Workflow = WorkflowOf(status),
            RecordState = activity == OcsfActivity.Close || status is OcsfStatus.Archived or OcsfStatus.Deleted ? RecordState.Archived : RecordState.Active,
            Compliance = ComplianceOf(compliance),
            ComplianceReasons = compliance is { } c ? ComplianceReasonsOf(c) : [],
            ControlId = compliance?.String("control"),
            Standard = compliance?.Strings("standards") is { Count: > 0 } standards ? StandardName(standards[0]) : null,
            ProductName = metadata.Value.Object("product")?.String("name"),
            CompanyName = metadata.Value.Object("product")?.String("vendor_name"),
            Product = product,
            Types = types,
            Resources = element.Array("resources").Select(ResourceOf).OfType<FindingResource>().ToArray(),
            RemediationText = remediation?.String("desc"),
            RemediationUrl = remediation?.Strings("references").FirstOrDefault(IsWebLink),
            SourceUrl = info?.String("src_url"),
            FirstObservedAt = info is { } i1 ? Time(i1, "first_seen_time") : null,
            LastObservedAt = info is { } i2 ? Time(i2, "last_seen_time") : null,
            CreatedAt = info is { } i3 ? Time(i3, "created_time") : null,
            UpdatedAt = (info is { } i4 ? Time(i4, "modified_time") : null) ?? Time(element, "time"),
            Vulnerabilities = element.Array("vulnerabilities").Select(VulnerabilityOf).OfType<Vulnerability>().ToArray(),
            Note = element.String("comment") is { } comment ? new FindingNote(comment, null, null) : null,
            Ocsf = new OcsfFindingFacts
            {
                MetadataUid = metadataUid,
                FindingInfoUid = infoUid,
                Identifier = identifier,
                ClassUid = element.Number("class_uid") is { } classUid ? (int)classUid : 0,
                ClassName = element.String("class_name"),
                Status = status,
                Activity = activity,
                RelatedFindings = info?.Array("related_events").Select(RelatedFindingOf).ToArray() ?? [],
            },
        };
        return FindingReadResult.Ok(finding);
    }

    /// <summary>severity_id 1–5 is Informational…Critical, 6 Fatal reads as Critical; 0 Unknown and 99 Other fall back to the name.</summary>
    private static FindingSeverity SeverityOf(JsonElement finding)
    {
        var name = finding.String("severity");
        var label = finding.Number("severity_id") switch
        {
            1 => SeverityLabel.Informational,
            2 => SeverityLabel.Low,
            3 => SeverityLabel.Medium,
            4 => SeverityLabel.High,
            5 or 6 => SeverityLabel.Critical,
            _ when string.Equals(name, "Fatal", StringComparison.OrdinalIgnoreCase) => SeverityLabel.Critical,
            _ => FindingSeverity.TryParseLabel(name, out var parsed) ? parsed : SeverityLabel.Informational,
        };
        return new FindingSeverity(label, null, name);
    }

    /// <summary>status_id, else the status name; a finding that states none is New, as Security Hub stores it.</summary>
    private static OcsfStatus StatusOf(JsonElement finding)
    {
        if (finding.Number("status_id") is { } id && Enum.IsDefined(typeof(OcsfStatus), (int)id))
        {
            return (OcsfStatus)(int)id;
        }

        return finding.String("status")?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            null or "NEW" => OcsfStatus.New,
            "INPROGRESS" => OcsfStatus.InProgress,
            "SUPPRESSED" => OcsfStatus.Suppressed,
            "RESOLVED" => OcsfStatus.Resolved,
            "ARCHIVED" => OcsfStatus.Archived,
            "DELETED" => OcsfStatus.Deleted,
            "UNKNOWN" => OcsfStatus.Unknown,
            _ => OcsfStatus.Other,
        };
    }

    private static OcsfActivity ActivityOf(JsonElement finding)
    {
        if (finding.Number("activity_id") is { } id && Enum.IsDefined(typeof(OcsfActivity), (int)id))
        {
            return (OcsfActivity)(int)id;
        }

        return finding.String("activity_name")?.ToUpperInvariant() switch
        {
            "CREATE" => OcsfActivity.Create,
            "UPDATE" => OcsfActivity.Update,
            "CLOSE" => OcsfActivity.Close,
            null => OcsfActivity.Unknown,
            _ => OcsfActivity.Other,
        };
    }

    /// <summary>The ASFF workflow a person would recognise: In Progress reads as NOTIFIED, Archived and Deleted as RESOLVED.</summary>
    private static WorkflowStatus WorkflowOf(OcsfStatus status) => status switch
    {
        OcsfStatus.InProgress or OcsfStatus.Other => WorkflowStatus.Notified,
        OcsfStatus.Suppressed => WorkflowStatus.Suppressed,
        OcsfStatus.Resolved or OcsfStatus.Archived or OcsfStatus.Deleted => WorkflowStatus.Resolved,
        _ => WorkflowStatus.New,
    };

    /// <summary>compliance.status_id 1 Pass, 2 Warning, 3 Fail (else the capitalised name); present without a status reads as not available.</summary>
    private static ComplianceStatus ComplianceOf(JsonElement? compliance)
    {
        if (compliance is not { } c)
        {
            return ComplianceStatus.None;
        }

        var byId = c.Number("status_id") switch
        {
            1 => ComplianceStatus.Passed,
            2 => ComplianceStatus.Warning,
            3 => ComplianceStatus.Failed,
            _ => (ComplianceStatus?)null,
        };
        return byId ?? c.String("status")?.ToUpperInvariant() switch
        {
            "PASS" or "PASSED" => ComplianceStatus.Passed,
            "WARNING" => ComplianceStatus.Warning,
            "FAIL" or "FAILED" => ComplianceStatus.Failed,
            _ => ComplianceStatus.NotAvailable,
        };
    }

    /// <summary>status_detail(s), then the assessments that did not meet their criteria.</summary>
    private static IReadOnlyList<string> ComplianceReasonsOf(JsonElement compliance) =>
        new[] { compliance.String("status_detail") }
            .Concat(compliance.Strings("status_details"))
            .Concat(compliance.Array("assessments")
                .Where(a => a.TryGet("meets_criteria", out var met) && met.ValueKind == JsonValueKind.False)
                .Select(a => a.String("name") is { } n ? $"{n}: criteria not met" : null))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>"standards/aws-foundational-security-best-practices/v/1.0.0" → "aws-foundational-security-best-practices/v/1.0.0", as ASFF names standards.</summary>
    private static string StandardName(string standard)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["standards/", "ruleset/"])
        {
            if (standard.StartsWith(prefix, StringComparison.Ordinal))
            {
                return standard[prefix.Length..];
            }
        }

        return standard;
    }

    /// <summary>metadata.product.uid ends in "productv2/aws/&lt;product&gt;"; Security Hub's own control findings are those with a control.</summary>
    private static FindingProduct ProductOf(string productUid, string? control)
    {
        var slash = productUid.LastIndexOf('/');
        var product = slash >= 0 ? productUid[(slash + 1)..] : productUid;
        return product switch
        {
            "securityhub" when control is not null => FindingProduct.SecurityHubControl,
            "securityhub-risk" => FindingProduct.SecurityHubExposure,
            "guardduty" => FindingProduct.GuardDuty,
            "inspector" or "inspector2" => FindingProduct.Inspector,
            "macie" => FindingProduct.Macie,
            "access-analyzer" => FindingProduct.AccessAnalyzer,
            "config" => FindingProduct.Config,
            "health" => FindingProduct.Health,
            _ when control is not null => FindingProduct.SecurityHubControl,
            _ => FindingProduct.Other,
        };
    }

    /// <summary>
    /// resources[].uid is often not an ARN (an instance id, a function name, a queue URL); uid_alt holds
    /// the ARN when there is one. An account's uid_alt is not the account (GuardDuty puts its detector there).
    /// </summary>
    private static FindingResource? ResourceOf(JsonElement resource)
    {
        var uid = resource.String("uid");
        var alt = resource.String("uid_alt");
        var type = OcsfResourceTypes.ToAsff(resource.String("type"));
        string? id;
        if (type == "AwsAccount")
        {
            id = uid is { Length: 12 } && uid.All(char.IsAsciiDigit) ? "AWS::::Account:" + uid : uid ?? alt;
        }
        else
        {
            id = IsArn(uid) ? uid : IsArn(alt) ? alt : uid ?? alt;
        }

        if (id is null)
        {
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in resource.Array("tags"))
        {
            if (tag.String("name") is { } key)
            {
                tags[key] = tag.String("value") ?? string.Empty;
            }
        }

        return new FindingResource(type, id)
        {
            Name = resource.String("name"),
            Partition = resource.String("cloud_partition"),
            Region = resource.String("region"),
            Details = resource.Object("data")?.Clone(),
            Tags = tags,
        };
    }

    private static Vulnerability? VulnerabilityOf(JsonElement vulnerability)
    {
        var cve = vulnerability.Object("cve");
        var id = cve?.String("uid") ?? vulnerability.String("uid") ?? vulnerability.Object("advisory")?.String("uid") ?? vulnerability.String("title");
        if (id is null)
        {
            return null;
        }

        var scores = cve?.Array("cvss").Select(c => c.Number("base_score")).OfType<double>().ToArray() ?? [];
        return new Vulnerability(id)
        {
            Packages = vulnerability.Array("affected_packages")
                .Select(p => p.String("name") is { } name
                    ? new VulnerablePackage(name)
                    {
                        Version = p.String("version"),
                        FixedInVersion = p.String("fixed_in_version"),
                        Remediation = p.Object("remediation")?.String("desc"),
                        PackageManager = p.String("package_manager"),
                        FilePath = p.String("path"),
                    }
                    : null)
                .OfType<VulnerablePackage>()
                .ToArray(),
            CvssScore = scores.Length > 0 ? scores.Max() : null,
            VendorSeverity = vulnerability.String("severity"),
            FixAvailable = string.Equals(vulnerability.String("fix_coverage"), "Partial", StringComparison.OrdinalIgnoreCase)
                ? "PARTIAL"
                : YesNo(vulnerability, "is_fix_available"),
            ExploitAvailable = YesNo(vulnerability, "is_exploit_available"),
            EpssScore = cve?.Object("epss")?.Number("score"),
            ReferenceUrls = vulnerability.Strings("references"),
        };
    }

    /// <summary>Exposure findings name their contributing findings; traits arrive as OCSF traits[] or, in older findings, tags[] of {name, values}.</summary>
    private static OcsfRelatedFinding RelatedFindingOf(JsonElement related)
    {
        var traits = new List<OcsfTrait>();
        foreach (var group in related.Array("traits").GroupBy(t => t.String("category") ?? t.String("type") ?? "Trait", StringComparer.Ordinal))
        {
            traits.Add(new OcsfTrait(group.Key, group.SelectMany(t => t.Strings("values").Append(t.String("name") ?? t.String("value"))).OfType<string>().Distinct(StringComparer.Ordinal).ToArray()));
        }

        foreach (var tag in related.Array("tags"))
        {
            if (tag.String("name") is { } category)
            {
                traits.Add(new OcsfTrait(category, tag.Strings("values") is { Count: > 0 } values ? values : tag.String("value") is { } one ? [one] : []));
            }
        }

        return new OcsfRelatedFinding(related.String("uid"), related.String("title"), related.Object("product")?.String("uid")) { Traits = traits };
    }

    /// <summary>An OCSF time: the ISO twin (name_dt) first, else epoch milliseconds (seconds when the number is too small to be milliseconds).</summary>
    internal static DateTimeOffset? Time(JsonElement obj, string name)
    {
        if (obj.Timestamp(name + "_dt") is { } iso)
        {
            return iso;
        }

        if (obj.Number(name) is not { } epoch || double.IsNaN(epoch) || epoch <= 0)
        {
            return null;
        }

        const double MillisecondsThreshold = 1e11;
        try
        {
            return epoch >= MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)epoch)
                : DateTimeOffset.FromUnixTimeSeconds((long)epoch);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string? YesNo(JsonElement obj, string name) =>
        obj.TryGet(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => "YES",
            JsonValueKind.False => "NO",
            _ => null,
        } : null;

    private static bool IsArn(string? text) => text?.StartsWith("arn:", StringComparison.Ordinal) == true;

    private static bool IsWebLink(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static string Named(string? id) => id is null ? "" : id.Length <= 120 ? $" \"{id}\"" : $" \"{id[..117]}...\"";

}

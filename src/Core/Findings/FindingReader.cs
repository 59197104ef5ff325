using System.Text.Json;

namespace SecHubBot.Core.Findings;

/// <summary>Turns one ASFF object into a <see cref="Finding"/>, or says why it is not one.</summary>
public static class FindingReader
{
    /// <summary>Reads a finding; <paramref name="fallbackRegion"/> is the event's region, used when the finding names none.</summary>
    public static FindingReadResult Read(JsonElement element, string? fallbackRegion = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return FindingReadResult.Fail($"expected a finding object, found {Describe(element)}");
        }

        var id = element.String("Id");
        var productArn = element.String("ProductArn");
        var title = element.String("Title");
        var description = element.String("Description");
        if (id is null)
        {
            return FindingReadResult.Fail("the object has no \"Id\", so it is not an ASFF finding");
        }

        if (productArn is null)
        {
            return FindingReadResult.Fail($"finding {Short(id)} has no \"ProductArn\"");
        }

        if (title is null && description is null)
        {
            return FindingReadResult.Fail($"finding {Short(id)} has neither \"Title\" nor \"Description\"");
        }

        var productFields = element.StringMap("ProductFields");
        var generatorId = element.String("GeneratorId");
        var product = ProductOf(productArn, productFields);
        var compliance = element.Object("Compliance");
        var (controlId, standard) = ControlIds.Resolve(
            compliance?.String("SecurityControlId"),
            productFields,
            generatorId,
            product == FindingProduct.SecurityHubControl);

        var finding = new Finding
        {
            Id = id,
            ProductArn = productArn,
            GeneratorId = generatorId,
            AwsAccountId = element.String("AwsAccountId") ?? Arn.AccountOf(id),
            Region = element.String("Region") ?? Arn.RegionOf(productArn) ?? Arn.RegionOf(id) ?? NullIfBlank(fallbackRegion),
            Title = title ?? FirstSentence(description!),
            Description = description,
            Severity = SeverityOf(element, productFields),
            Workflow = WorkflowOf(element),
            RecordState = string.Equals(element.String("RecordState"), "ARCHIVED", StringComparison.OrdinalIgnoreCase)
                ? RecordState.Archived
                : RecordState.Active,
            Compliance = ComplianceOf(compliance?.String("Status")),
            ComplianceReasons = compliance is { } c
                ? c.Array("StatusReasons").Select(r => r.String("Description") ?? r.String("ReasonCode")).OfType<string>().ToArray()
                : [],
            ControlId = controlId,
            Standard = standard,
            ProductName = element.String("ProductName") ?? productFields.GetValueOrDefault("aws/securityhub/ProductName"),
            CompanyName = element.String("CompanyName") ?? productFields.GetValueOrDefault("aws/securityhub/CompanyName"),
            Product = product,
            Types = element.Strings("Types") is { Count: > 0 } types
                ? types
                : element.Object("FindingProviderFields")?.Strings("Types") ?? [],
            Resources = element.Array("Resources").Select(r => ResourceOf(r)).OfType<FindingResource>().ToArray(),
            RemediationText = element.Object("Remediation")?.Object("Recommendation")?.String("Text"),
            RemediationUrl = element.Object("Remediation")?.Object("Recommendation")?.String("Url")
                             ?? productFields.GetValueOrDefault("RecommendationUrl"),
            SourceUrl = element.String("SourceUrl"),
            FirstObservedAt = element.Timestamp("FirstObservedAt"),
            LastObservedAt = element.Timestamp("LastObservedAt"),
            CreatedAt = element.Timestamp("CreatedAt"),
            UpdatedAt = element.Timestamp("UpdatedAt"),
            ProductFields = productFields,
            UserDefinedFields = element.StringMap("UserDefinedFields"),
            Vulnerabilities = element.Array("Vulnerabilities").Select(VulnerabilityOf).OfType<Vulnerability>().ToArray(),
            Note = element.Object("Note") is { } note && note.String("Text") is { } noteText
                ? new FindingNote(noteText, note.String("UpdatedBy"), note.Timestamp("UpdatedAt"))
                : null,
        };
        return FindingReadResult.Ok(finding);
    }

    /// <summary>
    /// Severity as products write it: Label; else Normalized (number or string); else
    /// FindingProviderFields.Severity (third-party imports); else Product (GuardDuty's 0–10 scale); else Original.
    /// </summary>
    private static FindingSeverity SeverityOf(JsonElement finding, IReadOnlyDictionary<string, string> productFields)
    {
        var severity = finding.Object("Severity");
        var normalized = severity?.Number("Normalized") is { } n ? (int?)Math.Clamp((int)Math.Round(n), 0, 100) : null;
        var original = severity?.String("Original");

        if (FindingSeverity.TryParseLabel(severity?.String("Label"), out var label))
        {
            return new FindingSeverity(label, normalized, original);
        }

        if (normalized is { } value)
        {
            return new FindingSeverity(FindingSeverity.FromNormalized(value), value, original);
        }

        var provider = finding.Object("FindingProviderFields")?.Object("Severity");
        if (FindingSeverity.TryParseLabel(provider?.String("Label"), out label))
        {
            return new FindingSeverity(label, null, provider?.String("Original") ?? original);
        }

        if (severity?.Number("Product") is { } productScore)
        {
            // GuardDuty and most vendors use 0–10 here; scale to Security Hub's 0–100.
            var scaled = (int)Math.Round(productScore <= 10 ? productScore * 10 : productScore);
            return new FindingSeverity(FindingSeverity.FromNormalized(scaled), null, original);
        }

        if (FindingSeverity.TryParseLabel(original ?? provider?.String("Original") ?? productFields.GetValueOrDefault("aws/securityhub/SeverityLabel"), out label))
        {
            return new FindingSeverity(label, null, original);
        }

        return new FindingSeverity(SeverityLabel.Informational, null, original);
    }

    /// <summary>Workflow.Status wins; the deprecated WorkflowState is read only when it is absent (2019-era findings).</summary>
    private static WorkflowStatus WorkflowOf(JsonElement finding)
    {
        var status = finding.Object("Workflow")?.String("Status");
        if (status is not null)
        {
            return status.ToUpperInvariant() switch
            {
                "NOTIFIED" => WorkflowStatus.Notified,
                "RESOLVED" => WorkflowStatus.Resolved,
                "SUPPRESSED" => WorkflowStatus.Suppressed,
                _ => WorkflowStatus.New,
            };
        }

        return finding.String("WorkflowState")?.ToUpperInvariant() switch
        {
            "ASSIGNED" or "IN_PROGRESS" => WorkflowStatus.Notified,
            "RESOLVED" => WorkflowStatus.Resolved,
            "DEFERRED" => WorkflowStatus.Suppressed,
            _ => WorkflowStatus.New,
        };
    }

    private static ComplianceStatus ComplianceOf(string? status) => status?.ToUpperInvariant() switch
    {
        "PASSED" => ComplianceStatus.Passed,
        "WARNING" => ComplianceStatus.Warning,
        "FAILED" => ComplianceStatus.Failed,
        "NOT_AVAILABLE" => ComplianceStatus.NotAvailable,
        _ => ComplianceStatus.None,
    };

    private static FindingProduct ProductOf(string productArn, IReadOnlyDictionary<string, string> productFields)
    {
        var slash = productArn.IndexOf(":product/", StringComparison.Ordinal);
        var product = slash >= 0 ? productArn[(slash + ":product/".Length)..] : productArn;
        return product switch
        {
            _ when product.StartsWith("aws/securityhub", StringComparison.Ordinal) => FindingProduct.SecurityHubControl,
            _ when product.StartsWith("aws/guardduty", StringComparison.Ordinal) => FindingProduct.GuardDuty,
            _ when product.StartsWith("aws/inspector", StringComparison.Ordinal) => FindingProduct.Inspector,
            _ when product.StartsWith("aws/access-analyzer", StringComparison.Ordinal) => FindingProduct.AccessAnalyzer,
            _ when product.StartsWith("aws/config", StringComparison.Ordinal) => FindingProduct.Config,
            _ when product.StartsWith("aws/health", StringComparison.Ordinal) => FindingProduct.Health,
            _ when product.StartsWith("aws/macie", StringComparison.Ordinal) => FindingProduct.Macie,
            _ when productFields.ContainsKey("aws/guardduty/service/serviceName") => FindingProduct.GuardDuty,
            _ => FindingProduct.Other,
        };
    }

    private static FindingResource? ResourceOf(JsonElement resource)
    {
        var id = resource.String("Id");
        if (id is null)
        {
            return null;
        }

        return new FindingResource(resource.String("Type") ?? "Other", id)
        {
            Partition = resource.String("Partition"),
            Region = resource.String("Region"),
            Details = resource.Object("Details")?.Clone(),
            Tags = resource.StringMap("Tags"),
        };
    }

    private static Vulnerability? VulnerabilityOf(JsonElement vulnerability)
    {
        var id = vulnerability.String("Id");
        if (id is null)
        {
            return null;
        }

        var scores = vulnerability.Array("Cvss").Select(c => c.Number("BaseScore")).OfType<double>().ToArray();
        var vendor = vulnerability.Object("Vendor");
        return new Vulnerability(id)
        {
            Packages = vulnerability.Array("VulnerablePackages")
                .Select(p => p.String("Name") is { } name
                    ? new VulnerablePackage(name)
                    {
                        Version = p.String("Version"),
                        FixedInVersion = p.String("FixedInVersion"),
                        Remediation = p.String("Remediation"),
                        PackageManager = p.String("PackageManager"),
                        FilePath = p.String("FilePath"),
                    }
                    : null)
                .OfType<VulnerablePackage>()
                .ToArray(),
            CvssScore = scores.Length > 0 ? scores.Max() : null,
            VendorSeverity = vendor?.String("VendorSeverity"),
            VendorUrl = vendor?.String("Url"),
            FixAvailable = vulnerability.String("FixAvailable"),
            ExploitAvailable = vulnerability.String("ExploitAvailable")?.ToUpperInvariant(),
            EpssScore = vulnerability.Object("Epss")?.Number("Score"),
            ReferenceUrls = vulnerability.Strings("ReferenceUrls"),
        };
    }

    internal static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '\n']);
        return end > 0 && end < 200 ? text[..end] : text.Length <= 200 ? text : text[..200];
    }

    internal static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string Short(string id) => id.Length <= 120 ? $"\"{id}\"" : $"\"{id[..117]}...\"";
}

public readonly record struct FindingReadResult(Finding? Finding, string? Error)
{
    public static FindingReadResult Ok(Finding finding) => new(finding, null);

    public static FindingReadResult Fail(string error) => new(null, error);
}

using System.Globalization;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain.Offline;

/// <summary>
/// Explains a finding from its own fields, deterministically: the embedded default (no AWS, no
/// model) and the fallback when the model fails. It reads each product the way its findings are
/// written: Security Hub controls, GuardDuty threats, Inspector vulnerabilities, Access Analyzer,
/// Config, Health and third-party findings.
/// </summary>
public sealed class OfflineExplainer(IacFlavor flavor = IacFlavor.Terraform) : IFindingExplainer
{
    /// <summary>Descriptions are long for some products (Inspector cuts at 1024); the alert shows the start.</summary>
    private const int DescriptionBudget = 700;

    public IacFlavor Flavor { get; } = flavor;

    public Task<Explanation> ExplainAsync(Finding finding, CancellationToken cancellationToken) =>
        Task.FromResult(Explain(finding));

    public Explanation Explain(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var trusted = AsItsProductVouches(finding);
        return new()
        {
            Summary = WhatHappened(trusted),
            WhyItMatters = WhyItMatters(trusted),
            FixSteps = FixSteps(trusted),
            Iac = IacRecipes.For(trusted, Flavor),
            VerifySteps = VerifySteps(trusted),
            References = References(trusted),
            Source = ExplanationSource.Offline,
        };
    }

    /// <summary>
    /// A finding whose product is not an AWS service is explained as that tool's finding: whatever AWS product
    /// (ProductFields, an OCSF control) or control id it claims, it is not an AWS control or service.
    /// </summary>
    private static Finding AsItsProductVouches(Finding finding) =>
        FindingOrigin.Of(finding).IsAws ? finding : finding with { Product = FindingProduct.Other, ControlId = null, Standard = null };

    private static string WhatHappened(Finding finding)
    {
        var resource = finding.Resources.Count > 0 ? ResourceNames.Describe(finding.Resources[0]) : null;
        var more = finding.Resources.Count > 1 ? $" and {finding.Resources.Count - 1} more resource{(finding.Resources.Count > 2 ? "s" : "")}" : "";
        var where = Where(finding);
        var lead = finding.Product switch
        {
            FindingProduct.SecurityHubControl =>
                $"Security Hub control {finding.ControlId ?? "check"} {ComplianceVerb(finding.Compliance)} for {resource ?? "a resource"}{more}{where}: {Sentence(StripControlPrefix(finding.Title, finding.ControlId))}",
            FindingProduct.GuardDuty =>
                $"GuardDuty detected {ThreatName(finding)}{(resource is null ? "" : $" involving {resource}")}{where}. {Sentence(finding.Title)}",
            FindingProduct.Inspector => InspectorSummary(finding, resource, where),
            FindingProduct.AccessAnalyzer when IsUnusedAccess(finding) =>
                $"IAM Access Analyzer found that {resource ?? "a resource"}{where} has access it does not use: {Sentence(finding.Title)}",
            FindingProduct.AccessAnalyzer =>
                $"IAM Access Analyzer found that {resource ?? "a resource"}{where} can be reached from outside your zone of trust: {Sentence(finding.Title)}",
            FindingProduct.Config =>
                $"AWS Config rule {finding.ProductFields.GetValueOrDefault("aws/config/ConfigRuleName") ?? finding.Title} found {resource ?? "a resource"}{where} noncompliant.",
            FindingProduct.Health => $"AWS Health reported an event{where}: {Sentence(finding.Title)}",
            FindingProduct.Macie => $"Amazon Macie found a data-security issue in {resource ?? "a resource"}{where}: {Sentence(finding.Title)}",
            FindingProduct.SecurityHubExposure =>
                $"Security Hub found an exposure of {resource ?? "a resource"}{where}: {Sentence(finding.Title)}{ExposureTraits(finding)}",
            _ => $"{Reporter(finding)} reported{(resource is null ? "" : $" on {resource}")}{more}{where}: {Sentence(finding.Title)}",
        };

        var details = CleanDescription(finding.Description);
        if (details is not null && !Contains(lead, details))
        {
            lead += "\n" + Cut(details, DescriptionBudget);
        }

        foreach (var reason in finding.ComplianceReasons.Take(2))
        {
            lead += "\nSecurity Hub's note: " + Cut(reason, 300);
        }

        return lead;
    }

    private static string WhyItMatters(Finding finding)
    {
        foreach (var resource in finding.Resources)
        {
            var open = ResourceFacts.OpenIngress(resource);
            if (open.Count > 0)
            {
                var rule = open[0];
                var service = rule.ServiceName is { } name ? $" ({name})" : "";
                return $"Anyone on the internet can reach {rule.PortText}{service} over {rule.ProtocolText} on everything in {ResourceNames.Describe(resource)}. " +
                       "Attackers scan the whole internet for open ports within minutes of them opening, then try stolen or weak credentials and known exploits.";
            }
        }

        var types = string.Join(' ', finding.Types);
        var severity = SeverityPhrase(finding.Severity.Label);
        return finding.Product switch
        {
            FindingProduct.GuardDuty =>
                $"This is a sign of activity happening now, not a configuration risk: {severity}. If it was not expected, treat the resource as possibly compromised until you know otherwise.",
            FindingProduct.SecurityHubExposure =>
                $"Each weakness alone may look minor, but together they give an attacker a path to this resource: {severity}. Removing any one of them breaks the path.",
            _ when finding.Vulnerabilities.Count > 0 => VulnerabilityWhy(finding, severity),
            FindingProduct.AccessAnalyzer when IsUnusedAccess(finding) =>
                "Permissions nobody uses are pure risk: if the role, user or key is ever stolen, the attacker gets all of them. Removing them costs nothing.",
            FindingProduct.AccessAnalyzer =>
                "A policy grants access to a principal outside your account or organisation. If that access is not intended, data or actions are open to someone you do not control.",
            FindingProduct.Health =>
                "AWS is telling you about an event that affects your account or resources; read it to see whether anything needs doing.",
            _ when types.Contains("Data Exposure", StringComparison.Ordinal) =>
                $"Data could be exposed to people who should not see it: {severity}.",
            _ when types.Contains("Sensitive Data", StringComparison.Ordinal) =>
                $"Sensitive data may be stored where it is not protected: {severity}.",
            _ when types.Contains("TTPs", StringComparison.Ordinal) || types.Contains("Unusual Behaviors", StringComparison.Ordinal) =>
                $"The activity matches known attacker behaviour: {severity}.",
            _ when finding.Product == FindingProduct.SecurityHubControl =>
                $"The resource does not follow an AWS security best practice, which widens what an attacker or a mistake can do: {severity}.",
            _ => $"{Reporter(finding)} considers this {severity}.",
        };
    }

    private static IReadOnlyList<string> FixSteps(Finding finding)
    {
        var steps = new List<string>();
        foreach (var resource in finding.Resources)
        {
            foreach (var rule in ResourceFacts.OpenIngress(resource).Take(5))
            {
                steps.Add($"In the EC2 console, open security group {ResourceFacts.SecurityGroupId(resource)}, Inbound rules, and remove the rule allowing {rule.ProtocolText} {rule.PortText} from {rule.Cidr}; " +
                          "allow only the address ranges that need it (your VPN or office), or use AWS Systems Manager Session Manager instead of opening SSH or RDP.");
            }
        }

        foreach (var vulnerability in finding.Vulnerabilities.Take(5))
        {
            foreach (var package in vulnerability.Packages.Take(5))
            {
                var from = package.Version is null ? "" : $" {package.Version}";
                var fix = package.FixedInVersion is { } fixedIn ? $" to {fixedIn} or later" : " to a version that fixes it";
                var how = package.Remediation is { } remediation && !IsBoilerplate(remediation) ? $" (for example: {remediation})" : "";
                var where = package.FilePath is { } path ? $" at {path}" : "";
                steps.Add($"Update {package.Name}{from}{where}{fix}{how}, then rebuild or redeploy what uses it.");
            }

            if (vulnerability.Packages.Count == 0 && string.Equals(vulnerability.FixAvailable, "NO", StringComparison.OrdinalIgnoreCase))
            {
                steps.Add($"No fix is published for {vulnerability.Id} yet: limit exposure of the affected resource and watch the vendor advisory.");
            }
        }

        foreach (var related in ExposureParts(finding).Take(5))
        {
            steps.Add($"Fix the contributing finding \"{Cut(related.Title ?? related.Uid ?? "unnamed", 200)}\"{TraitText(related)}: it has its own finding and remediation in Security Hub.");
        }

        if (finding.Product == FindingProduct.GuardDuty)
        {
            steps.Add("Check whether the activity was expected (a scanner, a test, a new deployment). If it was, archive the finding or add a suppression rule in GuardDuty.");
            steps.Add("If it was not: isolate the resource (restrict its security group), rotate any credentials it holds, and look at CloudTrail and VPC Flow Logs for what else the source did.");
        }

        if (finding.RemediationText is { } text && !IsBoilerplate(text))
        {
            steps.Add(Cut(text, 1200));
        }

        if (finding.RemediationUrl is { } url && Slack.Mrkdwn.IsLinkableUrl(url))
        {
            steps.Add(FindingOrigin.Of(finding).IsAws
                ? $"Follow the remediation guide for {finding.ControlId ?? "this finding"}: {url}"
                : $"{Reporter(finding)} links its own remediation guide (not AWS documentation): {url}");
        }

        if (steps.Count == 0)
        {
            steps.Add($"Review {(finding.PrimaryResourceId is { } id ? ResourceNames.ShortId(id) : "the resource")} against the finding's description above and change the setting it names.");
            if (finding.SourceUrl is { } source && Slack.Mrkdwn.IsLinkableUrl(source))
            {
                steps.Add($"{Reporter(finding)} has more detail: {source}");
            }
        }

        return steps;
    }

    private static IReadOnlyList<string> VerifySteps(Finding finding)
    {
        var steps = new List<string>();
        var group = finding.Resources.FirstOrDefault(r => ResourceFacts.OpenIngress(r).Count > 0);
        if (group is not null)
        {
            steps.Add($"Run `aws ec2 describe-security-groups --group-ids {ResourceFacts.SecurityGroupId(group)} --query \"SecurityGroups[].IpPermissions\"` and check no rule allows 0.0.0.0/0 or ::/0.");
        }

        steps.Add(finding.Product switch
        {
            FindingProduct.SecurityHubControl =>
                "Security Hub re-runs the check (change-triggered checks within minutes, periodic ones within 12 to 24 hours); the finding's compliance turns PASSED and Security Hub resolves it.",
            FindingProduct.Inspector =>
                "Inspector rescans after the package changes (on push for images, continuously for instances); the finding closes when the vulnerable version is gone.",
            FindingProduct.GuardDuty =>
                "No new GuardDuty findings of this type appear for the resource; archive this one once you have investigated.",
            FindingProduct.AccessAnalyzer =>
                "Use Rescan on the finding in the Access Analyzer console; it resolves when the access is gone.",
            FindingProduct.Config =>
                "Re-evaluate the Config rule in the AWS Config console; the resource should show COMPLIANT.",
            FindingProduct.SecurityHubExposure =>
                "Security Hub re-evaluates the exposure when its contributing findings change; it closes once any one of them is fixed.",
            _ => "Check the finding in Security Hub after the change; resolve it here once the issue is gone.",
        });
        return steps;
    }

    private static IReadOnlyList<ReferenceLink> References(Finding finding)
    {
        var links = new List<ReferenceLink>();
        if (finding.RemediationUrl is { } remediation)
        {
            links.Add(new ReferenceLink(FindingOrigin.Of(finding).IsAws ? $"{finding.ControlId ?? "Finding"} remediation" : "Remediation from the reporting tool", remediation));
        }

        foreach (var vulnerability in finding.Vulnerabilities.Take(3))
        {
            if (vulnerability.VendorUrl is { } vendor)
            {
                links.Add(new ReferenceLink(vulnerability.Id, vendor));
            }
            else if (vulnerability.Id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
            {
                links.Add(new ReferenceLink(vulnerability.Id, $"https://nvd.nist.gov/vuln/detail/{Uri.EscapeDataString(vulnerability.Id)}"));
            }
            else if (vulnerability.Id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase))
            {
                links.Add(new ReferenceLink(vulnerability.Id, $"https://github.com/advisories/{Uri.EscapeDataString(vulnerability.Id)}"));
            }
        }

        if (finding.SourceUrl is { } source)
        {
            links.Add(new ReferenceLink(FindingOrigin.Of(finding).IsAws ? $"{Reporter(finding)} details" : "Details from the reporting tool", source));
        }

        return links.Where(l => Slack.Mrkdwn.IsLinkableUrl(l.Url)).DistinctBy(l => l.Url).ToArray();
    }

    private static string InspectorSummary(Finding finding, string? resource, string where)
    {
        var vulnerability = finding.Vulnerabilities.FirstOrDefault();
        if (vulnerability is null)
        {
            return $"Amazon Inspector found an issue on {resource ?? "a resource"}{where}: {Sentence(finding.Title)}";
        }

        var package = vulnerability.Packages.FirstOrDefault();
        var packageText = package is null ? "" : $" in {package.Name}{(package.Version is null ? "" : " " + package.Version)}";
        var score = vulnerability.CvssScore is { } cvss ? $" (CVSS {cvss.ToString("0.0", CultureInfo.InvariantCulture)})" : "";
        var others = finding.Vulnerabilities.Count > 1 ? $", and {finding.Vulnerabilities.Count - 1} more" : "";
        return $"Amazon Inspector found {vulnerability.Id}{score}{packageText} on {resource ?? "a resource"}{where}{others}.";
    }

    private static string VulnerabilityWhy(Finding finding, string severity)
    {
        var vulnerability = finding.Vulnerabilities[0];
        var fix = vulnerability.Packages.Any(p => p.FixedInVersion is not null) || string.Equals(vulnerability.FixAvailable, "YES", StringComparison.OrdinalIgnoreCase)
            ? "A fixed version exists, so this is usually a routine update."
            : "Check the advisory for a fixed version or a workaround.";
        var exploit = string.Equals(vulnerability.ExploitAvailable, "YES", StringComparison.OrdinalIgnoreCase)
            ? " A public exploit exists, so attacks need no skill."
            : "";
        var epss = vulnerability.EpssScore is { } score and > 0
            ? $" EPSS puts the chance of exploitation in the next 30 days at {(score * 100).ToString("0.##", CultureInfo.InvariantCulture)}%."
            : "";
        return $"Software with a known vulnerability ({vulnerability.Id}) runs here; attackers use published vulnerabilities, and {severity}.{exploit}{epss} {fix}";
    }

    /// <summary>The findings an exposure is made of (OCSF finding_info.related_events); empty for other findings.</summary>
    private static IReadOnlyList<OcsfRelatedFinding> ExposureParts(Finding finding) => finding.Ocsf?.RelatedFindings ?? [];

    /// <summary>" It combines: Vulnerability (Exploit Available, …); Reachability (Publicly Invocable)." from the related findings' traits.</summary>
    private static string ExposureTraits(Finding finding)
    {
        var traits = ExposureParts(finding).SelectMany(r => r.Traits)
            .GroupBy(t => t.Category, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({string.Join(", ", g.SelectMany(t => t.Values).Distinct(StringComparer.Ordinal).Take(6))})")
            .ToArray();
        return traits.Length == 0 ? "" : $" It combines: {string.Join("; ", traits)}.";
    }

    private static string TraitText(OcsfRelatedFinding related) =>
        related.Traits.Count == 0 ? "" : $" ({string.Join("; ", related.Traits.Select(t => t.Values.Count == 0 ? t.Category : $"{t.Category}: {string.Join(", ", t.Values.Take(4))}"))})";

    private static bool IsUnusedAccess(Finding finding) =>
        finding.Types.Any(t => t.Contains("Unused", StringComparison.OrdinalIgnoreCase))
        || finding.Title.Contains("unused", StringComparison.OrdinalIgnoreCase);

    private static string ThreatName(Finding finding)
    {
        var type = finding.Types.FirstOrDefault(t => t.StartsWith("TTPs/", StringComparison.Ordinal) || t.Contains(':', StringComparison.Ordinal));
        return type is null ? "suspicious activity" : $"{type.Split('/')[^1]} activity";
    }

    private static string Where(Finding finding)
    {
        var account = finding.AwsAccountId is { } a ? $" in account {a}" : "";
        var region = finding.Region is { } r ? $" ({r})" : "";
        return account + region;
    }

    private static string Reporter(Finding finding) => FindingOrigin.Of(finding).ReporterName(finding);

    private static string ComplianceVerb(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Warning => "could not be fully evaluated (WARNING)",
        ComplianceStatus.NotAvailable => "could not be evaluated",
        ComplianceStatus.Passed => "passed",
        _ => "failed",
    };

    private static string SeverityPhrase(SeverityLabel label) => label switch
    {
        SeverityLabel.Critical => "it is rated CRITICAL, so fix it today",
        SeverityLabel.High => "it is rated HIGH, so fix it soon",
        SeverityLabel.Medium => "it is rated MEDIUM",
        SeverityLabel.Low => "it is rated LOW",
        _ => "it is informational",
    };

    /// <summary>Remediation texts that only say "see the docs" add nothing next to the link.</summary>
    private static bool IsBoilerplate(string text) =>
        text.StartsWith("For directions on how to fix this issue", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("For information on how to correct this issue", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("Please review the remediation guidance provided in the referenced documentation", StringComparison.OrdinalIgnoreCase)
        || text.Equals("None Provided", StringComparison.OrdinalIgnoreCase)
        || text.Equals("None", StringComparison.OrdinalIgnoreCase)
        || text.Length < 4;

    private static string StripControlPrefix(string title, string? controlId) =>
        controlId is not null && title.StartsWith(controlId + " ", StringComparison.Ordinal) ? title[(controlId.Length + 1)..] : title;

    /// <summary>Some writers put literal "\n" sequences in descriptions (AWS Health); show them as line breaks.</summary>
    private static string? CleanDescription(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Replace("\\n", "\n", StringComparison.Ordinal).Trim();

    private static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";

    private static bool Contains(string haystack, string needle) =>
        haystack.Contains(needle.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}

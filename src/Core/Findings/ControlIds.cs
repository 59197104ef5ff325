using System.Text.RegularExpressions;

namespace SecHubBot.Core.Findings;

/// <summary>
/// Finds the control a finding reports on. Security Hub has written three generations of ids:
/// consolidated ("security-control/S3.12"), per standard ("aws-foundational-security-best-practices/v/1.0.0/EC2.8",
/// "pci-dss/v/3.2.1/PCI.S3.1") and the old CIS ruleset ARNs ("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.3").
/// </summary>
public static partial class ControlIds
{
    /// <summary>Compliance.SecurityControlId first, then ProductFields ControlId / RuleId, then the GeneratorId.</summary>
    public static (string? ControlId, string? Standard) Resolve(
        string? securityControlId,
        IReadOnlyDictionary<string, string> productFields,
        string? generatorId,
        bool isSecurityHubControl)
    {
        var standard = StandardOf(generatorId);
        if (!string.IsNullOrWhiteSpace(securityControlId))
        {
            return (securityControlId.Trim(), standard);
        }

        if (productFields.TryGetValue("ControlId", out var controlId) && !string.IsNullOrWhiteSpace(controlId))
        {
            return (controlId.Trim(), standard);
        }

        if (productFields.TryGetValue("RuleId", out var ruleId) && !string.IsNullOrWhiteSpace(ruleId))
        {
            return (ruleId.Trim(), standard);
        }

        return isSecurityHubControl ? (FromGeneratorId(generatorId), standard) : (null, standard);
    }

    public static string? FromGeneratorId(string? generatorId)
    {
        if (string.IsNullOrWhiteSpace(generatorId))
        {
            return null;
        }

        var consolidated = ConsolidatedPattern().Match(generatorId);
        if (consolidated.Success)
        {
            return consolidated.Groups["id"].Value;
        }

        var oldCis = OldCisPattern().Match(generatorId);
        if (oldCis.Success)
        {
            return oldCis.Groups["id"].Value;
        }

        var perStandard = PerStandardPattern().Match(generatorId);
        return perStandard.Success ? perStandard.Groups["id"].Value : null;
    }

    private static string? StandardOf(string? generatorId)
    {
        if (string.IsNullOrWhiteSpace(generatorId))
        {
            return null;
        }

        var oldCis = OldCisPattern().Match(generatorId);
        if (oldCis.Success)
        {
            return oldCis.Groups["standard"].Value;
        }

        var perStandard = PerStandardPattern().Match(generatorId);
        return perStandard.Success ? perStandard.Groups["standard"].Value : null;
    }

    [GeneratedRegex(@"(?:^|/)security-control/(?<id>[^/\s]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ConsolidatedPattern();

    [GeneratedRegex(@"ruleset/(?<standard>[^/]+/v/[^/]+)/rule/(?<id>[^/\s]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex OldCisPattern();

    [GeneratedRegex(@"^(?:arn:[^/]*/)?(?<standard>[a-z0-9-]+/v/[^/]+)/(?<id>[^/\s]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PerStandardPattern();
}

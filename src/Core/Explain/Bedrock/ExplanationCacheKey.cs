using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// What makes two findings "the same problem" for a shared explanation. <see cref="Finding.ProblemKey"/>
/// is right for controls, but other products' GeneratorId is too coarse to share text: Inspector writes
/// "AWSInspector" for every CVE, and GuardDuty writes its detector's ARN for every finding type.
/// Every key starts with the product that Security Hub vouches for (<see cref="FindingOrigin.CacheScope"/>): a
/// custom integration that claims control S3.8 must never share, or write, AWS's S3.8 explanation.
/// </summary>
public static class ExplanationCacheKey
{
    public static string Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return FindingOrigin.Of(finding).CacheScope + "|" + Problem(finding);
    }

    private static string Problem(Finding finding)
    {
        if (finding.ControlId is { Length: > 0 } control)
        {
            return "control:" + control;
        }

        if (finding.Vulnerabilities.Count > 0)
        {
            var vulnerability = finding.Vulnerabilities[0];
            var package = vulnerability.Packages.Count > 0 ? vulnerability.Packages[0].Name : string.Empty;
            return $"vulnerability:{vulnerability.Id}:{package}";
        }

        var product = finding.ProductName ?? finding.Product.ToString();
        if (finding.GeneratorId is { Length: > 0 } generator && !generator.StartsWith("arn:", StringComparison.Ordinal)
            && !string.Equals(generator, product, StringComparison.OrdinalIgnoreCase))
        {
            return $"generator:{product}:{generator}";
        }

        // GuardDuty and friends: the finding type ("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce") names the problem.
        return finding.Types.Count > 0 ? $"type:{product}:{finding.Types[0]}" : $"title:{product}:{finding.Title}";
    }
}

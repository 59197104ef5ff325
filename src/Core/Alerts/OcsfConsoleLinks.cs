using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Links into the new Security Hub console (/securityhub/v2/) for an OCSF finding. Kept beside
/// <see cref="ConsoleLinks"/> so the composers can pick by <see cref="Finding.Schema"/>.
/// </summary>
public static class OcsfConsoleLinks
{
    /// <summary>
    /// The findings page filtered to this finding's finding_info.uid, the id both the API and the console
    /// filter on (metadata.uid can be absent). As in the original console, the filter sits in the fragment and
    /// the value is URL-encoded twice; the same form is used by AWS's Automated Security Response solution.
    /// </summary>
    public static string Finding(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var uid = finding.Ocsf?.FindingInfoUid ?? finding.Id;
        var host = finding.Partition switch
        {
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            "aws-cn" => "console.amazonaws.cn",
            _ => "console.aws.amazon.com",
        };
        var region = finding.Region;
        var regionalHost = region is null || finding.Partition != "aws" ? host : $"{region}.{host}";
        var query = region is null ? "" : $"?region={Uri.EscapeDataString(region)}";
        var search = "finding_info.uid%3D%255Coperator%255C%253AEQUALS%255C%253A" + Uri.EscapeDataString(Uri.EscapeDataString(uid));
        return $"https://{regionalHost}/securityhub/v2/home{query}#/findings?search={search}";
    }
}

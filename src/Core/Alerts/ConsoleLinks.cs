using System.Text.RegularExpressions;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// Links into the AWS console for a finding, in the finding's partition and region: the original console
/// (/securityhub/) for an ASFF finding of Security Hub CSPM, the new one (/securityhub/v2/) for an OCSF finding.
/// </summary>
public static partial class ConsoleLinks
{
    public static string Finding(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Schema == FindingSchema.Ocsf
            ? Finding(FindingSchema.Ocsf, finding.Ocsf?.FindingInfoUid ?? finding.Id, finding.Region, finding.Partition)
            : Finding(FindingSchema.Asff, finding.Id, finding.Region, finding.Partition);
    }

    /// <summary>
    /// The findings page filtered to one finding: by its Id in the original console; by its finding_info.uid in the
    /// new one, the id both the API and the console filter on (metadata.uid can be absent). The console reads the
    /// filter from the fragment, where the id is URL-encoded twice (the search value is itself a query string), the
    /// form AWS's Automated Security Response solution uses too. An empty <paramref name="id"/> opens the page
    /// unfiltered. The region becomes part of the host name, so one that does not look like a region is left out.
    /// </summary>
    public static string Finding(FindingSchema schema, string id, string? region, string partition)
    {
        ArgumentNullException.ThrowIfNull(id);
        var (page, field) = schema == FindingSchema.Ocsf ? ("securityhub/v2/home", "finding_info.uid") : ("securityhub/home", "Id");
        var host = partition switch
        {
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            "aws-cn" => "console.amazonaws.cn",
            _ => "console.aws.amazon.com",
        };
        var knownRegion = region is not null && RegionName().IsMatch(region) ? region : null;
        var regionalHost = knownRegion is null || partition != "aws" ? host : $"{knownRegion}.{host}";
        var query = knownRegion is null ? "" : $"?region={knownRegion}";
        var search = id.Length == 0 ? "" : $"?search={Uri.EscapeDataString(field)}%3D%255Coperator%255C%253AEQUALS%255C%253A{Uri.EscapeDataString(Uri.EscapeDataString(id))}";
        return $"https://{regionalHost}/{page}{query}#/findings{search}";
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}

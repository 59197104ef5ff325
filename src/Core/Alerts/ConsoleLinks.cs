using System.Text.RegularExpressions;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>Links into the AWS console for a finding, in the finding's partition and region.</summary>
public static partial class ConsoleLinks
{
    public static string Finding(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Finding(finding.Id, finding.Region, finding.Partition);
    }

    /// <summary>
    /// The Security Hub findings page filtered to this finding's Id. The console reads the filter from
    /// the fragment, where the id is URL-encoded twice (the search value is itself a query string). The
    /// region becomes part of the host name, so one that does not look like a region is left out.
    /// </summary>
    public static string Finding(string findingId, string? region, string partition)
    {
        var host = partition switch
        {
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            "aws-cn" => "console.amazonaws.cn",
            _ => "console.aws.amazon.com",
        };
        var knownRegion = region is not null && RegionName().IsMatch(region) ? region : null;
        var regionalHost = knownRegion is null || partition != "aws" ? host : $"{knownRegion}.{host}";
        var query = knownRegion is null ? "" : $"?region={knownRegion}";
        var search = "Id%3D%255Coperator%255C%253AEQUALS%255C%253A" + Uri.EscapeDataString(Uri.EscapeDataString(findingId));
        return $"https://{regionalHost}/securityhub/home{query}#/findings?search={search}";
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}

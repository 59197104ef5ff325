using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>Links into the AWS console for a finding, in the finding's partition and region.</summary>
public static class ConsoleLinks
{
    /// <summary>
    /// The Security Hub findings page filtered to this finding's Id. The console reads the filter from
    /// the fragment, where the id is URL-encoded twice (the search value is itself a query string).
    /// </summary>
    public static string Finding(Finding finding)
    {
        var host = finding.Partition switch
        {
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            "aws-cn" => "console.amazonaws.cn",
            _ => "console.aws.amazon.com",
        };
        var region = finding.Region;
        var regionalHost = region is null || finding.Partition != "aws" ? host : $"{region}.{host}";
        var query = region is null ? "" : $"?region={Uri.EscapeDataString(region)}";
        var search = "Id%3D%255Coperator%255C%253AEQUALS%255C%253A" + Uri.EscapeDataString(Uri.EscapeDataString(finding.Id));
        return $"https://{regionalHost}/securityhub/home{query}#/findings?search={search}";
    }
}

namespace SecHubBot.Core.Findings;

/// <summary>
/// Who wrote a finding, as far as Security Hub vouches for it. The ProductArn is generated and checked by
/// Security Hub at import: an account can import only under its own default product
/// ("product/&lt;account&gt;/default") or a partner product it subscribed to, never under "product/aws/…". The
/// finding's ProductName, CompanyName, ProductFields and control ids are not proof: a custom integration
/// writes them itself.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html</remarks>
public sealed record FindingOrigin
{
    private FindingOrigin(string company, string product, string? account)
    {
        Company = company;
        Product = product;
        Account = account;
    }

    /// <summary>"aws" for AWS services, the partner's name, or the importing account's id for a custom integration.</summary>
    public string Company { get; }

    /// <summary>"securityhub", "guardduty", a partner's product, "default" for a custom integration.</summary>
    public string Product { get; }

    /// <summary>The finding's account, for products whose findings any account can write.</summary>
    public string? Account { get; }

    public bool IsAws => Company == "aws";

    /// <summary>A custom integration: name, company and everything else in the finding are the importing account's own words.</summary>
    public bool IsCustom => Company.Length > 0 && Company.All(char.IsAsciiDigit);

    /// <summary>A control id that Security Hub's own control checks reported; null for any other product's claim.</summary>
    public static string? AwsControlId(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var origin = Of(finding);
        return origin.IsAws && origin.Product == "securityhub" ? finding.ControlId : null;
    }

    /// <summary>
    /// What may share cached text: one AWS service across all accounts; any other product only within
    /// the account that wrote the finding, since a member account can import findings under it.
    /// </summary>
    public string CacheScope => IsAws ? $"{Company}/{Product}" : $"{Company}/{Product}@{Account}";

    /// <summary>Who reported it, in words that never borrow AWS's name for a product that is not AWS's.</summary>
    public string ReporterName(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (IsCustom)
        {
            return $"A custom integration in account {Company}";
        }

        var named = string.Join(' ', new[] { finding.CompanyName, finding.ProductName }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase));
        if (IsAws)
        {
            return named.Length > 0 ? named : "AWS " + Product;
        }

        // A partner's names come from Security Hub's product listing; the ARN is the fallback.
        return named.Length > 0 && !named.Contains("AWS", StringComparison.OrdinalIgnoreCase) && !named.Contains("Amazon", StringComparison.OrdinalIgnoreCase)
            ? named
            : $"{Company}/{Product}";
    }

    /// <summary>Reads "…:product/&lt;company&gt;/&lt;product&gt;" (ASFF) or "…:productv2/&lt;company&gt;/&lt;product&gt;" (OCSF).</summary>
    public static FindingOrigin Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var arn = finding.ProductArn;
        foreach (var marker in (ReadOnlySpan<string>)[":product/", ":productv2/"])
        {
            var at = arn.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var parts = arn[(at + marker.Length)..].Split('/');
            if (parts.Length >= 2 && parts[0].Length > 0)
            {
                return new FindingOrigin(parts[0], parts[1], finding.AwsAccountId);
            }
        }

        // Not a product ARN we can read: trust nothing and share with nothing else.
        return new FindingOrigin("unknown:" + arn, "unknown", finding.AwsAccountId);
    }
}

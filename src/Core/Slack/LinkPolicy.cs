namespace SecHubBot.Core.Slack;

/// <summary>
/// Which links from a finding or a model Slack may show, and how. Alerts and follow-up answers share one
/// allow-list of documentation hosts: a link there keeps the label it was given. Any other link is shown with
/// its real host as the link text (the title, if any, follows as plain text), so a finding's
/// "https://aws-remediation.example/login" can never read as "S3.8 remediation". Follow-up answers go
/// further and drop such links (see the Bot's MarkdownToMrkdwn).
/// </summary>
public static class LinkPolicy
{
    /// <summary>Documentation hosts: AWS docs (CDK and CloudFormation references live there), Terraform registry, Construct Hub.</summary>
    public static IReadOnlySet<string> DocumentationHosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "docs.aws.amazon.com",
        "registry.terraform.io",
        "constructs.dev",
    };

    /// <summary>An https link Slack can parse, to a host on <see cref="DocumentationHosts"/>.</summary>
    public static bool IsDocumentationLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && uri.UserInfo.Length == 0
        && DocumentationHosts.Contains(uri.Host)
        && Mrkdwn.IsLinkableUrl(url);

    /// <summary>A reference line's link in mrkdwn: labelled <paramref name="title"/> on a documentation host, else by its host.</summary>
    public static string Reference(string? url, string title)
    {
        if (IsDocumentationLink(url) || !Mrkdwn.IsLinkableUrl(url))
        {
            return Mrkdwn.Link(url, title);
        }

        // The punycode form, so a look-alike Unicode host cannot pass for a familiar one.
        var host = new Uri(url!, UriKind.Absolute).IdnHost;
        var link = Mrkdwn.Link(url, host);
        return string.IsNullOrWhiteSpace(title) || string.Equals(title.Trim(), host, StringComparison.OrdinalIgnoreCase)
            ? link
            : link + ": " + Mrkdwn.Escape(title);
    }
}

using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Alerts;

/// <summary>What kind of finding a thread is about; it decides which follow-up questions are suggested.</summary>
public enum FindingKind
{
    /// <summary>A failed Security Hub / Config control: a misconfiguration.</summary>
    Control,

    /// <summary>GuardDuty and other detections of activity.</summary>
    Threat,

    /// <summary>Inspector and other software vulnerabilities (CVEs).</summary>
    Vulnerability,

    /// <summary>Something reachable or shared that should not be (Access Analyzer, Macie, exposure findings).</summary>
    Exposure,
}

/// <summary>One suggested follow-up question: a stable id (what a button carries) and its text.</summary>
public sealed record SuggestedQuestion(string Id, string Text);

/// <summary>
/// Our own table of follow-up questions. A click carries only an id; the question asked is always
/// looked up here, never read from the click, so a forged payload can at most pick one of these.
/// </summary>
public static class SuggestedQuestions
{
    /// <summary>What a negative feedback click offers: the same question, answered in more detail.</summary>
    public static readonly SuggestedQuestion MoreDetail = new("more_detail", "Please answer my last question again, in more detail and step by step.");

    private static readonly SuggestedQuestion FixCdk = new("fix_cdk", "How do I fix this in CDK?");
    private static readonly SuggestedQuestion FixTerraform = new("fix_terraform", "How do I fix this in Terraform?");
    private static readonly SuggestedQuestion WhatBreaks = new("what_breaks", "What could break if I change this?");
    private static readonly SuggestedQuestion Reachable = new("reachable", "Is this reachable from the internet?");
    private static readonly SuggestedQuestion IsItReal = new("is_it_real", "How do I tell whether this activity is malicious or expected?");
    private static readonly SuggestedQuestion Contain = new("contain", "How do I contain this right now?");
    private static readonly SuggestedQuestion Exploitable = new("exploitable", "Is this vulnerability exploitable in my setup?");
    private static readonly SuggestedQuestion Patch = new("patch", "Which version fixes this, and how do I roll it out?");
    private static readonly SuggestedQuestion WhoCanAccess = new("who_can_access", "Who exactly can access this resource?");
    private static readonly SuggestedQuestion Restrict = new("restrict", "How do I restrict access without breaking legitimate users?");

    private static readonly Dictionary<string, SuggestedQuestion> ById =
        new[] { MoreDetail, FixCdk, FixTerraform, WhatBreaks, Reachable, IsItReal, Contain, Exploitable, Patch, WhoCanAccess, Restrict }
            .ToDictionary(q => q.Id, StringComparer.Ordinal);

    /// <summary>The question with this id, or null for an id that is not ours.</summary>
    public static SuggestedQuestion? Find(string? id) => id is not null && ById.TryGetValue(id, out var question) ? question : null;

    /// <summary>Three questions people ask about this kind of finding, most useful first.</summary>
    public static IReadOnlyList<SuggestedQuestion> For(FindingKind kind) => kind switch
    {
        FindingKind.Threat => [IsItReal, Contain, Reachable],
        FindingKind.Vulnerability => [Exploitable, Patch, Reachable],
        FindingKind.Exposure => [WhoCanAccess, Restrict, WhatBreaks],
        _ => [FixCdk, Reachable, WhatBreaks],
    };

    /// <summary>
    /// The kind of a finding from its product and types; with no finding (Security Hub unreadable) a
    /// control id still says Control.
    /// </summary>
    public static FindingKind KindOf(Finding? finding, string? controlId = null)
    {
        if (finding is null)
        {
            return FindingKind.Control;
        }

        if (finding.Types.Any(t => t.Contains("Exposure", StringComparison.OrdinalIgnoreCase)))
        {
            return FindingKind.Exposure;
        }

        return finding.Product switch
        {
            FindingProduct.GuardDuty => FindingKind.Threat,
            FindingProduct.Inspector => FindingKind.Vulnerability,
            FindingProduct.AccessAnalyzer or FindingProduct.Macie => FindingKind.Exposure,
            _ when finding.Vulnerabilities.Count > 0 => FindingKind.Vulnerability,
            _ when finding.Types.Any(t => t.StartsWith("TTPs", StringComparison.Ordinal) || t.Contains("Unusual Behaviors", StringComparison.Ordinal)) => FindingKind.Threat,
            _ => FindingKind.Control,
        };
    }
}

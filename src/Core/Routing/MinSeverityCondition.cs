using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Routing;

/// <summary>The MinSeverity key: the finding's severity label is this one or above.</summary>
public sealed class MinSeverityCondition(SeverityLabel minimum) : RuleCondition("MinSeverity")
{
    public SeverityLabel Minimum { get; } = minimum;

    public override string? Match(Finding finding) =>
        finding.Severity.Label >= Minimum ? $"MinSeverity {FindingSeverity.ToAsff(Minimum)} ({finding.Severity.LabelText})" : null;

    public override string Mismatch(Finding finding) =>
        $"MinSeverity: {finding.Severity.LabelText} is below {FindingSeverity.ToAsff(Minimum)}";

    public override bool Covers(RuleCondition later) => later is MinSeverityCondition other && other.Minimum >= Minimum;
}

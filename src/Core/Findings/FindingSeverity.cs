namespace SecHubBot.Core.Findings;

/// <summary>ASFF severity labels, in ascending order so they compare.</summary>
public enum SeverityLabel
{
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>A finding's severity, with where it was read from (products fill different fields).</summary>
public sealed record FindingSeverity(SeverityLabel Label, int? Normalized, string? Original)
{
    /// <summary>Maps Severity.Normalized (0–100) to a label the way Security Hub does.</summary>
    /// <remarks>https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Severity.html</remarks>
    public static SeverityLabel FromNormalized(int normalized) => normalized switch
    {
        <= 0 => SeverityLabel.Informational,
        < 40 => SeverityLabel.Low,
        < 70 => SeverityLabel.Medium,
        < 90 => SeverityLabel.High,
        _ => SeverityLabel.Critical,
    };

    public static bool TryParseLabel(string? text, out SeverityLabel label)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "INFORMATIONAL" or "INFO" or "NONE":
                label = SeverityLabel.Informational;
                return true;
            case "LOW":
                label = SeverityLabel.Low;
                return true;
            case "MEDIUM" or "MODERATE":
                label = SeverityLabel.Medium;
                return true;
            case "HIGH" or "IMPORTANT":
                label = SeverityLabel.High;
                return true;
            case "CRITICAL":
                label = SeverityLabel.Critical;
                return true;
            default:
                label = default;
                return false;
        }
    }

    public static string ToAsff(SeverityLabel label) => label switch
    {
        SeverityLabel.Informational => "INFORMATIONAL",
        SeverityLabel.Low => "LOW",
        SeverityLabel.Medium => "MEDIUM",
        SeverityLabel.High => "HIGH",
        _ => "CRITICAL",
    };

    public string LabelText => ToAsff(Label);
}

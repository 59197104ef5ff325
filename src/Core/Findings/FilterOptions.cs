using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.Findings;

/// <summary>The <c>Filter</c> configuration section.</summary>
public sealed class FilterOptions
{
    public const string SectionName = "Filter";

    /// <summary><c>Filter:MinSeverity</c>: the lowest severity label that alerts (default HIGH).</summary>
    public string MinSeverity { get; set; } = "HIGH";

    public IEnumerable<string> Problems()
    {
        if (!FindingSeverity.TryParseLabel(MinSeverity, out _))
        {
            yield return $"Filter:MinSeverity is \"{MinSeverity}\"; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL";
        }
    }

    public SeverityLabel MinSeverityLabel =>
        FindingSeverity.TryParseLabel(MinSeverity, out var label)
            ? label
            : throw new InvalidConfigurationException(
                "Filter:MinSeverity",
                $"Filter:MinSeverity is \"{MinSeverity}\"; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL.");
}

namespace SecHubBot.Core.Findings;

/// <summary>Just enough ARN reading to find partition, region and account; ARNs in findings are not always well formed.</summary>
internal static class Arn
{
    public static string? PartitionOf(string? arn) => Part(arn, 1);

    public static string? RegionOf(string? arn) => Part(arn, 3);

    public static string? AccountOf(string? arn) => Part(arn, 4);

    private static string? Part(string? arn, int index)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = arn.Split(':', 6);
        return parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
    }
}

namespace SecHubBot.Core.Store;

/// <summary>The <c>Store</c> configuration section: where the store of record lives (DESIGN.md §2).</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary><c>Store:TableName</c>: the DynamoDB table; unset, the store is in-process memory (CLI preview, one local Bot).</summary>
    public string? TableName { get; set; }

    /// <summary><c>Store:ServiceUrl</c>: a DynamoDB endpoint override (a VPC endpoint, or dynalite in tests).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary><c>Store:ClaimLease</c>: how long a claim to post a new alert holds before another instance may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><c>Store:RecordLifetime</c>: how long a record lives after its last write (the <c>expires_at</c> TTL).</summary>
    public TimeSpan RecordLifetime { get; set; } = TimeSpan.FromDays(365);

    public bool UsesTable => !string.IsNullOrWhiteSpace(TableName);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ClaimLease <= TimeSpan.Zero)
        {
            problems.Add("Store:ClaimLease must be positive");
        }

        if (RecordLifetime <= ClaimLease)
        {
            problems.Add("Store:RecordLifetime must be longer than Store:ClaimLease");
        }

        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            problems.Add($"Store:ServiceUrl is not an absolute URL: {ServiceUrl}");
        }

        if (!string.IsNullOrWhiteSpace(TableName) && (TableName.Length is < 3 or > 255 || !TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            problems.Add("Store:TableName must be 3 to 255 letters, digits, '_', '-' or '.' (DynamoDB's table name rule)");
        }

        return problems;
    }
}

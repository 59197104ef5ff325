namespace SecHubBot.Core.Findings;

/// <summary>The shapes of input SecHubBot accepts (DESIGN.md §3 "CLI").</summary>
public enum InputShape
{
    /// <summary>ASFF "Security Hub Findings - Imported" or OCSF "Findings Imported V2" (see <see cref="Finding.Schema"/>).</summary>
    EventBridgeImported,
    EventBridgeCustomAction,
    SqsBatch,
    SingleFinding,
    FindingArray,
    FindingsWrapper,
}

/// <summary>A finding as it arrived, with the SQS record that carried it (null outside SQS).</summary>
public sealed record IncomingFinding(Finding Finding, string? RecordId);

/// <summary>Something in the input that was not a finding, with where it was and why.</summary>
public sealed record Rejection(string? RecordId, string Where, string Reason)
{
    public override string ToString() => $"{Where}: {Reason}";
}

/// <summary>A finding left out because the same Id (and ProductArn) arrived again in the batch.</summary>
public sealed record DuplicateFinding(FindingRef Ref, string? RecordId);

/// <summary>What the input held: the findings to work on, what was rejected, what was a duplicate.</summary>
public sealed record FindingBatch(
    InputShape Shape,
    IReadOnlyList<IncomingFinding> Findings,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<DuplicateFinding> Duplicates)
{
    /// <summary>SQS message ids, in input order; empty for other shapes.</summary>
    public IReadOnlyList<string> RecordIds { get; init; } = [];
}

/// <summary>The whole input is not a finding event; the message says what was expected.</summary>
public sealed class NotAFindingEventException(string message) : Exception(message);

using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>What happened to one finding of the input.</summary>
internal sealed record FindingOutcome(IncomingFinding Incoming, AlertAction Action, string Detail)
{
    public bool Failed { get; init; }

    public FilterDecision Filter { get; init; } = FilterDecision.Alert;
}

/// <summary>An alert the run posted (or, in the preview, would post): its findings and messages.</summary>
internal sealed record PostedAlert(IReadOnlyList<Finding> Findings, AlertMessages Messages, bool FilteredOut)
{
    /// <summary>The routing rule that sent it to its channel, and why.</summary>
    public AlertRoute? Route { get; init; }
}

internal sealed record IngestResult(IReadOnlyList<FindingOutcome> Outcomes, IReadOnlyList<string> FailedRecordIds, IReadOnlyList<PostedAlert> Posted)
{
    public bool AnyFailed => FailedRecordIds.Count > 0 || Outcomes.Any(o => o.Failed);

    public int Count(AlertAction action) => Outcomes.Count(o => o.Action == action && !o.Failed);
}

/// <summary>How a run behaves beyond configuration.</summary>
internal sealed record IngestRunOptions
{
    /// <summary>Preview only (<c>--all</c>): alert on findings the filter policy skips too.</summary>
    public bool IncludeFiltered { get; init; }

    /// <summary>Cancelled when no new alert should be started (the Lambda deadline is near); work under way finishes.</summary>
    public CancellationToken StopStarting { get; init; }
}

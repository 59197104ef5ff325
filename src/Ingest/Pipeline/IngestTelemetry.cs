using SecHubBot.Core.Findings;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>A run's result as telemetry: alerts posted by kind, findings skipped by reason (low-cardinality tags only).</summary>
internal static class IngestTelemetry
{
    public static void Count(IngestResult result, FindingBatch batch)
    {
        foreach (var alert in result.Posted)
        {
            SecHubBotTelemetry.AlertsPosted.Add(1, new KeyValuePair<string, object?>("kind", alert.Findings.Count > 1 ? "grouped" : "new"));
        }

        foreach (var outcome in result.Outcomes.Where(o => !o.Failed))
        {
            if (SkipReason(outcome) is { } reason)
            {
                SecHubBotTelemetry.FindingsSkipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
            else if (outcome.Action is AlertAction.Update or AlertAction.Resume)
            {
                SecHubBotTelemetry.AlertsPosted.Add(1, new KeyValuePair<string, object?>("kind", "thread_update"));
            }
        }

        if (batch.Duplicates.Count > 0)
        {
            SecHubBotTelemetry.FindingsSkipped.Add(batch.Duplicates.Count, new KeyValuePair<string, object?>("reason", "duplicate"));
        }
    }

    private static string? SkipReason(FindingOutcome outcome) => outcome.Action switch
    {
        AlertAction.Filtered => outcome.Filter.Reason switch
        {
            Core.Findings.SkipReason.Archived => "archived",
            Core.Findings.SkipReason.CompliancePassed => "compliance_passed",
            Core.Findings.SkipReason.WorkflowNotNew => "workflow_not_new",
            Core.Findings.SkipReason.BelowMinSeverity => "below_min_severity",
            _ => "filtered",
        },
        AlertAction.Silent => "unchanged",
        _ => null,
    };
}

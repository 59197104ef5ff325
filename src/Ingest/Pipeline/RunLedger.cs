using SecHubBot.Core.Findings;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>One run's outcomes by finding, its failures, and which SQS records they fail.</summary>
internal sealed class RunLedger
{
    private readonly FindingBatch _batch;
    private readonly Dictionary<FindingRef, FindingOutcome> _outcomes = [];
    private readonly HashSet<FindingRef> _finished = [];
    private readonly List<PostedAlert> _posted = [];
    private readonly Lock _lock = new();

    public RunLedger(FindingBatch batch)
    {
        _batch = batch;
        foreach (var incoming in batch.Findings)
        {
            _outcomes[incoming.Finding.Ref] = new FindingOutcome(incoming, AlertAction.New, "not processed");
        }
    }

    public void Decided(AlertDecision decision)
    {
        lock (_lock)
        {
            var key = decision.Current.Ref;
            _outcomes[key] = _outcomes[key] with { Action = decision.Action, Detail = decision.Reason, Filter = decision.Filter };
            if (decision.Action is AlertAction.Silent or AlertAction.Filtered)
            {
                _finished.Add(key);
            }
        }
    }

    public void Done(IEnumerable<Finding> findings, AlertAction action, string detail)
    {
        lock (_lock)
        {
            foreach (var finding in findings)
            {
                _outcomes[finding.Ref] = _outcomes[finding.Ref] with { Action = action, Detail = detail };
                _finished.Add(finding.Ref);
            }
        }
    }

    public void Posted(PostedAlert alert)
    {
        lock (_lock)
        {
            _posted.Add(alert);
        }
    }

    public void Fail(IEnumerable<Finding> findings, string reason)
    {
        lock (_lock)
        {
            foreach (var finding in findings)
            {
                _outcomes[finding.Ref] = _outcomes[finding.Ref] with { Detail = reason, Failed = true };
                _finished.Add(finding.Ref);
            }
        }
    }

    public void FailAll(string reason) => Fail(_batch.Findings.Select(f => f.Finding), reason);

    public void FailUnfinished(string reason)
    {
        lock (_lock)
        {
            foreach (var key in _outcomes.Keys.Where(k => !_finished.Contains(k)).ToList())
            {
                _outcomes[key] = _outcomes[key] with { Detail = reason, Failed = true };
            }
        }
    }

    public IngestResult ToResult()
    {
        lock (_lock)
        {
            var outcomes = _batch.Findings.Select(f => _outcomes[f.Finding.Ref]).ToList();
            var failedRecords = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rejection in _batch.Rejections)
            {
                // A record nothing could read is poison: fail it, so SQS redrives it to the DLQ after maxReceiveCount.
                if (rejection.RecordId is { } id)
                {
                    failedRecords.Add(id);
                }
            }

            foreach (var outcome in outcomes.Where(o => o.Failed && o.Incoming.RecordId is not null))
            {
                failedRecords.Add(outcome.Incoming.RecordId!);
            }

            var ordered = _batch.RecordIds.Where(failedRecords.Contains).Concat(failedRecords.Where(r => !_batch.RecordIds.Contains(r))).Distinct().ToList();
            return new IngestResult(outcomes, ordered, [.. _posted]);
        }
    }
}

using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;

namespace SecHubBot.Ingest.Pipeline;

/// <summary>A finding's alert, ready to post: the explanation and the composed messages.</summary>
internal sealed record AlertDraft(IncomingFinding Incoming, Explanation Explanation, AlertMessages Messages);

/// <summary>A finding the filter policy left out, with the reason the CLI prints on stderr.</summary>
internal sealed record SkippedFinding(IncomingFinding Incoming, FilterDecision Decision);

internal sealed record DraftResult(IReadOnlyList<AlertDraft> Drafts, IReadOnlyList<SkippedFinding> Skipped);

/// <summary>Filter → explain → compose, for each finding of a batch, in input order.</summary>
internal sealed class AlertDrafter(FilterPolicy filter, IFindingExplainer explainer, AlertComposer composer)
{
    public async Task<DraftResult> DraftAsync(FindingBatch batch, string channel, bool includeFiltered, CancellationToken cancellationToken)
    {
        var drafts = new List<AlertDraft>();
        var skipped = new List<SkippedFinding>();
        foreach (var incoming in batch.Findings)
        {
            var decision = filter.Evaluate(incoming.Finding);
            if (!decision.ShouldAlert)
            {
                skipped.Add(new SkippedFinding(incoming, decision));
                if (!includeFiltered)
                {
                    continue;
                }
            }

            var explanation = await explainer.ExplainAsync(incoming.Finding, cancellationToken).ConfigureAwait(false);
            drafts.Add(new AlertDraft(incoming, explanation, composer.Compose(incoming.Finding, explanation, channel)));
        }

        return new DraftResult(drafts, skipped);
    }
}

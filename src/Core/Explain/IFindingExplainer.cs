using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain;

/// <summary>Explains a finding. Implementations never throw for a model failure: they fall back to offline text.</summary>
public interface IFindingExplainer
{
    Task<Explanation> ExplainAsync(Finding finding, CancellationToken cancellationToken);
}

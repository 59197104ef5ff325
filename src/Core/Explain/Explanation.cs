namespace SecHubBot.Core.Explain;

/// <summary>
/// Why a finding matters and how to fix it, as structured parts the composer lays out. The model
/// fills these fields (it never writes Block Kit); the offline explainer fills them from the finding.
/// </summary>
public sealed record Explanation
{
    /// <summary>What happened, in one to three sentences a non-specialist understands.</summary>
    public required string Summary { get; init; }

    /// <summary>Why it matters: the risk, concretely.</summary>
    public required string WhyItMatters { get; init; }

    /// <summary>Console or CLI steps, in order.</summary>
    public IReadOnlyList<string> FixSteps { get; init; } = [];

    /// <summary>Infrastructure-as-code for the fix, in the configured flavour, when one applies.</summary>
    public IacSnippet? Iac { get; init; }

    /// <summary>How to check the fix worked.</summary>
    public IReadOnlyList<string> VerifySteps { get; init; } = [];

    public IReadOnlyList<ReferenceLink> References { get; init; } = [];

    public ExplanationSource Source { get; init; } = ExplanationSource.Offline;

    /// <summary>The model id that wrote it, for the context line; null for offline text.</summary>
    public string? Model { get; init; }
}

public sealed record IacSnippet(IacFlavor Flavor, string Code)
{
    /// <summary>A short title such as "Terraform".</summary>
    public string Title => Flavor switch
    {
        IacFlavor.Terraform => "Terraform",
        IacFlavor.Cdk => "AWS CDK (TypeScript)",
        IacFlavor.CloudFormation => "CloudFormation",
        _ => "Console",
    };
}

public sealed record ReferenceLink(string Title, string Url);

/// <summary>Who wrote an explanation; the alert says so.</summary>
public enum ExplanationSource
{
    /// <summary>Deterministic text from the finding's own fields (the embedded default).</summary>
    Offline,

    /// <summary>Written by the model.</summary>
    Model,

    /// <summary>The model failed or timed out; offline text stands in, and the message says so.</summary>
    OfflineFallback,
}

/// <summary><c>Explain:IacFlavor</c>.</summary>
public enum IacFlavor
{
    Terraform,
    Cdk,
    CloudFormation,
    Console,
}

using SecHubBot.Core.Configuration;

namespace SecHubBot.Core.Explain;

/// <summary>The <c>Explain</c> configuration section.</summary>
public sealed class ExplainOptions
{
    public const string SectionName = "Explain";

    /// <summary><c>Explain:Mode</c>: "bedrock" or "offline"; unset means bedrock when AWS credentials and region resolve.</summary>
    public string? Mode { get; set; }

    /// <summary><c>Explain:IacFlavor</c>: terraform (default), cdk, cloudformation, console.</summary>
    public string IacFlavor { get; set; } = "terraform";

    public IacFlavor Flavor => IacFlavor.Trim().ToLowerInvariant() switch
    {
        "terraform" or "tf" => Explain.IacFlavor.Terraform,
        "cdk" => Explain.IacFlavor.Cdk,
        "cloudformation" or "cfn" => Explain.IacFlavor.CloudFormation,
        "console" => Explain.IacFlavor.Console,
        _ => throw new InvalidConfigurationException(
            "Explain:IacFlavor",
            $"Explain:IacFlavor is \"{IacFlavor}\"; expected one of terraform, cdk, cloudformation, console."),
    };
}

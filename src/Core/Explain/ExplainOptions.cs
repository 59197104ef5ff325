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

    public IEnumerable<string> Problems()
    {
        if (Mode is { } mode && !string.IsNullOrWhiteSpace(mode) && mode.Trim().ToLowerInvariant() is not ("bedrock" or "offline"))
        {
            yield return $"Explain:Mode is \"{mode}\"; expected bedrock or offline";
        }

        if (IacFlavor.Trim().ToLowerInvariant() is not ("terraform" or "tf" or "cdk" or "cloudformation" or "cfn" or "console"))
        {
            yield return $"Explain:IacFlavor is \"{IacFlavor}\"; expected one of terraform, cdk, cloudformation, console";
        }
    }

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

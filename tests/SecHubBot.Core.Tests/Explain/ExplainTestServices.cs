using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Logging;

namespace SecHubBot.Core.Tests.Explain;

/// <summary>Stands in for the lead's OfflineExplainer: deterministic text from the finding, and a call count.</summary>
internal sealed class StubOfflineExplainer : IFindingExplainer
{
    private int _calls;

    public int Calls => _calls;

    public Task<Explanation> ExplainAsync(Finding finding, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new Explanation
        {
            Summary = "offline: " + finding.Title,
            WhyItMatters = finding.Description ?? finding.Title,
            FixSteps = [finding.RemediationText ?? "See the remediation link."],
            Source = ExplanationSource.Offline,
        });
    }
}

internal static class ExplainTestServices
{
    public static ServiceProvider Bedrock(
        FakeBedrock fake, StubOfflineExplainer offline, CapturedLogs? logs = null, TimeSpan? timeout = null, int maxRetries = 0,
        string iacFlavor = "terraform")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Explain:Mode"] = "bedrock",
            ["Explain:IacFlavor"] = iacFlavor,
            ["Aws:Region"] = "us-east-1",
            ["Bedrock:ServiceUrl"] = fake.BaseUrl.ToString(),
            ["Bedrock:AlertTimeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
            ["Bedrock:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton(AwsCredentialSource.Fixed(AwsTestServices.TestCredentials));
        services.AddFindingExplainer(configuration, _ => offline);
        return services.BuildServiceProvider();
    }

    public static Finding Finding(int index = 1, string controlId = "EC2.18", string? description = null) =>
        FindingReader.Read(SyntheticFindings.Control(index, controlId, description: description)).Finding!;

    public static Finding Sample(string fileName) =>
        FindingInputReader.Read(File.ReadAllText(Path.Combine(Fakes.RepoPaths.BundledSamples, fileName))).Findings[0].Finding;
}

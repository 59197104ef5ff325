using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;
using SecHubBot.Fakes;
using static SecHubBot.Core.Tests.Routing.RoutingTestData;

namespace SecHubBot.Core.Tests.Routing;

/// <summary>
/// The README's three-team example, read from the README itself in both its forms (appsettings JSON and
/// environment variables through the real environment-variable provider), routes a mixed batch where it says.
/// </summary>
public partial class RoutingReadmeExampleTests
{
    private const string Payments = "C0PAYMENTS0";
    private const string Data = "C0DATATEAM0";
    private const string Platform = "C0PLATFORM0";
    private const string Security = "C0SECURITY0";

    public static TheoryData<string> Forms() => new() { "json", "environment" };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Route_MixedBatch_LandsWhereTheReadmeExampleSays(string form)
    {
        var configuration = form == "json" ? JsonExample() : EnvironmentExample();
        using var services = ExampleServices(configuration);
        var router = services.GetRequiredService<AlertRouter>();
        Assert.Empty(StartupProblems(configuration));

        var payments = router.Route(Finding(account: "111122223333", control: "S3.1", resources: Tagged("b", ("team", "data"))));
        Assert.Equal((Payments, IacFlavor.Terraform, "Routing:Rules:0"), (payments.Channel, payments.IacFlavor, payments.Rule));
        Assert.Equal(["S0PAYTEAM01"], payments.Approvers);
        Assert.Null(payments.MentionGroup);

        var paymentsCritical = router.Route(Finding(account: "444455556666", severity: SeverityLabel.Critical));
        Assert.Equal((Payments, "S0PAYONCALL"), (paymentsCritical.Channel, paymentsCritical.MentionGroup));

        var data = router.Route(Finding(account: "777788889999", control: "S3.1", resources: [Tagged("a"), Tagged("b", ("team", "data"))]));
        Assert.Equal((Data, IacFlavor.Cdk), (data.Channel, data.IacFlavor));
        Assert.Equal(["S0SECLEADS0"], data.Approvers);

        var platform = router.Route(Finding(account: "999999999999", control: "IAM.6"));
        Assert.Equal((Platform, IacFlavor.CloudFormation), (platform.Channel, platform.IacFlavor));
        Assert.Equal(["U0PLATLEAD1", "S0PLATFORM1"], platform.Approvers);
        Assert.Empty(platform.AlsoChannels);

        var unowned = router.Route(Finding(account: "999999999999", control: "RDS.2", severity: SeverityLabel.Critical));
        Assert.Equal((Security, IacFlavor.Terraform, (string?)null), (unowned.Channel, unowned.IacFlavor, unowned.MentionGroup));
        Assert.Equal(["S0SECLEADS0"], unowned.Approvers);

        Assert.True(router.PostsTo("C0SECOPS000"));
        Assert.Equal("prod-payments (111122223333)", services.GetRequiredService<AccountNames>().Display("111122223333"));
        Assert.Equal("999999999999", services.GetRequiredService<AccountNames>().Display("999999999999"));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Route_RealSamples_LandWhereTheReadmeExampleSays(string form)
    {
        using var services = ExampleServices(form == "json" ? JsonExample() : EnvironmentExample());
        var router = services.GetRequiredService<AlertRouter>();

        var ec2 = FindingInputReader.Read(SampleFiles.ReadBundled("securityhub-afsbp-ec2.8-finding-controlid-plus-securitycontrolid.json")).Findings.Single().Finding;
        var guardDuty = FindingInputReader.Read(SampleFiles.ReadBundled("guardduty-ec2-sshbruteforce-typical-finding-docs.json")).Findings.Single().Finding;

        Assert.Equal([Platform], router.Route(ec2).Channels);
        Assert.Equal("Routing:Rules:2 matched Controls EC2.* (EC2.8)", router.Route(ec2).Why);

        // GuardDuty's documented sample has no ProductName: its product ARN names GuardDuty.
        Assert.Equal([Platform, "C0SECOPS000"], router.Route(guardDuty).Channels);
        Assert.Equal("Routing:Rules:3 matched Products GuardDuty", router.Route(guardDuty).Why);
    }

    private static ServiceProvider ExampleServices(IConfiguration configuration) =>
        new ServiceCollection()
            .AddAlertRouting(configuration, _ => new RouteDefaults(
                configuration["Slack:Channel"]!,
                IacFlavor.Terraform,
                configuration.GetSection("Authorization:Approvers") is var approvers && approvers.Value is { } one ? [one] : [.. approvers.GetChildren().Select(c => c.Value!)]))
            .BuildServiceProvider();

    private static IConfiguration JsonExample()
    {
        var json = ReadmeBlock("json");
        return new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
    }

    private static IConfiguration EnvironmentExample() =>
        FromEnvironment(ReadmeBlock("sh").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Select(pair => (pair[0], pair[1])));

    private static string ReadmeBlock(string language)
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("## Routing to teams", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"Routing to teams\" section");
        var match = CodeBlock().Matches(readme[start..]).First(m => m.Groups["language"].Value == language);
        return match.Groups["body"].Value;
    }

    [GeneratedRegex(@"```(?<language>\w+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}

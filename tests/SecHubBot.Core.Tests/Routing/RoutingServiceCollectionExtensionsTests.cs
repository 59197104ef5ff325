using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Routing;
using SecHubBot.Fakes;
using static SecHubBot.Core.Tests.Routing.RoutingTestData;

namespace SecHubBot.Core.Tests.Routing;

public class RoutingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAlertRouting_InMemoryConfiguration_BindsEveryRuleKey()
    {
        using var services = Services(Config(
            ("Routing:Rules:0:Channel", "C0PAYMENTS0"),
            ("Routing:Rules:0:AlsoChannels:0", "C0SECOPS000"),
            ("Routing:Rules:0:Accounts:0", "111122223333"),
            ("Routing:Rules:0:Regions:0", "eu-west-1"),
            ("Routing:Rules:0:Products:0", "GuardDuty"),
            ("Routing:Rules:0:Controls:0", "S3.*"),
            ("Routing:Rules:0:ResourceTags:0", "team=payments"),
            ("Routing:Rules:0:MinSeverity", "HIGH"),
            ("Routing:Rules:0:IacFlavor", "cdk"),
            ("Routing:Rules:0:Approvers:0", "U0PAYLEAD01"),
            ("Routing:Rules:0:MentionGroup", "S0PAYONCALL"),
            ("Accounts:111122223333:Name", "prod-payments")));

        var rule = Assert.Single(services.GetRequiredService<IOptions<RoutingOptions>>().Value.Rules);

        Assert.Equal(
            ("C0PAYMENTS0", "C0SECOPS000", "111122223333", "eu-west-1", "GuardDuty", "S3.*", "team=payments", "HIGH", "cdk", "U0PAYLEAD01", "S0PAYONCALL"),
            (rule.Channel, Assert.Single(rule.AlsoChannels), Assert.Single(rule.Accounts), Assert.Single(rule.Regions), Assert.Single(rule.Products),
                Assert.Single(rule.Controls), Assert.Single(rule.ResourceTags), rule.MinSeverity, rule.IacFlavor, Assert.Single(rule.Approvers), rule.MentionGroup));
        Assert.Equal("prod-payments", services.GetRequiredService<IOptions<AccountsOptions>>().Value["111122223333"].Name);
    }

    [Fact]
    public void AddAlertRouting_EnvironmentVariables_BindLikeTheirColonKeys()
    {
        var configuration = FromEnvironment(
        [
            ("Routing__Rules__0__Channel", "C0PAYMENTS0"),
            ("Routing__Rules__0__Accounts__0", "111122223333"),
            ("Routing__Rules__0__Accounts__1", "444455556666"),
            ("Routing__Rules__1__Channel", "C0DATATEAM0"),
            ("Routing__Rules__1__ResourceTags", "team=data, owner=data-eng"),
            ("Accounts__111122223333__Name", "prod-payments"),
        ]);

        using var services = Services(configuration);
        var rules = services.GetRequiredService<IOptions<RoutingOptions>>().Value.Rules;

        Assert.Equal(["111122223333", "444455556666"], rules[0].Accounts);
        Assert.Equal(["team=data", "owner=data-eng"], rules[1].ResourceTags);
        Assert.Equal("C0DATATEAM0", services.GetRequiredService<AlertRouter>().Route(Finding(account: "777788889999", resources: Tagged("x", ("owner", "data-eng")))).Channel);
        Assert.Equal("prod-payments (111122223333)", services.GetRequiredService<AccountNames>().Display("111122223333"));
    }

    [Fact]
    public void AddAlertRouting_CommaSeparatedList_IsSplitAndChecked() =>
        Assert.Equal(
            ["Routing:Rules:0:Accounts:1 \"4444\" is not a 12-digit AWS account id"],
            StartupProblems(("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts", "111122223333, 4444")));

    [Fact]
    public void AddAlertRouting_NoRoutingConfigured_RoutesEverythingToTheDefault()
    {
        using var services = Services(Config());

        Assert.Empty(StartupProblems(Config()));
        Assert.Equal(DefaultChannel, services.GetRequiredService<AlertRouter>().Route(Finding()).Channel);
        Assert.Null(services.GetRequiredService<AccountNames>().NameOf("111122223333"));
    }

    [Fact]
    public void RuleKeys_ListAndValueKeys_CoverEveryRuleOption() =>
        Assert.Equal(
            typeof(RoutingRuleOptions).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal),
            RoutingConfigurationCheck.ValueKeys.Concat(RoutingConfigurationCheck.ListKeys).Order(StringComparer.Ordinal));

    public static TheoryData<string> RuleKeys() => new(RoutingConfigurationCheck.ValueKeys
        .Select(k => $"Routing:Rules:{{i}}:{k}")
        .Concat(RoutingConfigurationCheck.ListKeys.Select(k => $"Routing:Rules:{{i}}:{k}:{{j}}"))
        .Append("Accounts:{id}:Name"));

    [Theory]
    [MemberData(nameof(RuleKeys))]
    public void Readme_DocumentsEveryRoutingKey(string key) => Assert.True(ConfigurationKeys.DocumentedInReadme(key), $"README.md does not document `{key}`");
}

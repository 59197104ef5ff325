using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using static SecHubBot.Core.Tests.Routing.RoutingTestData;

namespace SecHubBot.Core.Tests.Routing;

public class AlertRouterTests
{
    private const string Payments = "C0PAYMENTS0";
    private const string Data = "C0DATATEAM0";

    [Theory]
    [InlineData("111122223333", Payments)]
    [InlineData("444455556666", DefaultChannel)]
    public void Route_Accounts_MatchesListedAccountOnly(string account, string expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "111122223333"));

        Assert.Equal(expected, router.Route(Finding(account: account)).Channel);
    }

    [Theory]
    [InlineData("111122223333", Payments)]
    [InlineData("777788889999", Payments)]
    [InlineData("444455556666", DefaultChannel)]
    public void Route_AccountList_MatchesAnyValue(string account, string expected)
    {
        var router = Router(
            ("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:Accounts:1", "777788889999"));

        Assert.Equal(expected, router.Route(Finding(account: account)).Channel);
    }

    [Theory]
    [InlineData("eu-west-1", Payments)]
    [InlineData("EU-WEST-1", Payments)]
    [InlineData("us-east-1", DefaultChannel)]
    [InlineData(null, DefaultChannel)]
    public void Route_Regions_MatchesRegionCode(string? region, string expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Regions:0", "eu-west-1"));

        Assert.Equal(expected, router.Route(Finding(region: region)).Channel);
    }

    [Theory]
    [InlineData("guardduty", "GuardDuty", FindingProduct.GuardDuty, Payments)]
    [InlineData("GuardDuty", null, FindingProduct.GuardDuty, Payments)]
    [InlineData("GuardDuty", "Inspector", FindingProduct.Inspector, DefaultChannel)]
    [InlineData("arn:aws:securityhub:eu-west-1::product/aws/guardduty", "GuardDuty", FindingProduct.GuardDuty, Payments)]
    [InlineData("arn:aws:securityhub:us-east-1::product/aws/guardduty", "GuardDuty", FindingProduct.GuardDuty, DefaultChannel)]
    [InlineData("arn:aws:securityhub:eu-west-1::product/aws/GuardDuty", "GuardDuty", FindingProduct.GuardDuty, DefaultChannel)]
    public void Route_Products_MatchesNameCaseInsensitivelyAndArnExactly(string product, string? productName, FindingProduct kind, string expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Products:0", product));
        var finding = Finding(productArn: "arn:aws:securityhub:eu-west-1::product/aws/guardduty", productName: productName, product: kind, control: null);

        Assert.Equal(expected, router.Route(finding).Channel);
    }

    [Fact]
    public void Route_ProductV2Arn_MatchesOcsfProductUid()
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Products:0", "arn:aws:securityhub:us-east-1::productv2/aws/guardduty"));
        var finding = Finding(productArn: "arn:aws:securityhub:us-east-1::productv2/aws/guardduty", productName: "GuardDuty", product: FindingProduct.GuardDuty);

        Assert.Equal(Payments, router.Route(finding).Channel);
    }

    [Theory]
    [InlineData("S3.1", "S3.1", Payments)]
    [InlineData("s3.1", "S3.1", Payments)]
    [InlineData("S3.1", "S3.12", DefaultChannel)]
    [InlineData("S3.*", "S3.12", Payments)]
    [InlineData("S3.*", "S3.1", Payments)]
    [InlineData("S3.*", "SSM.1", DefaultChannel)]
    [InlineData("S3.*", null, DefaultChannel)]
    [InlineData("*", "EC2.18", Payments)]
    public void Route_Controls_MatchesIdsAndPrefixes(string pattern, string? control, string expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Controls:0", pattern));

        Assert.Equal(expected, router.Route(Finding(control: control)).Channel);
    }

    [Fact]
    public void Route_ResourceTags_MatchesAnyResourceCarryingTheTag()
    {
        var router = Router(("Routing:Rules:0:Channel", Data), ("Routing:Rules:0:ResourceTags:0", "team=data"), ("Routing:Rules:0:ResourceTags:1", "cost-centre=4711"));

        Assert.Equal(Data, router.Route(Finding(resources: [Tagged("a", ("env", "prod")), Tagged("b", ("team", "data"))])).Channel);
        Assert.Equal(Data, router.Route(Finding(resources: [Tagged("a", ("cost-centre", "4711"))])).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(resources: [Tagged("a", ("team", "Data"))])).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(resources: [Tagged("a", ("Team", "data"))])).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding()).Channel);
    }

    [Fact]
    public void Route_TagValueWithEquals_SplitsAtTheFirstEquals()
    {
        var router = Router(("Routing:Rules:0:Channel", Data), ("Routing:Rules:0:ResourceTags:0", "query=a=b"));

        Assert.Equal(Data, router.Route(Finding(resources: [Tagged("a", ("query", "a=b"))])).Channel);
    }

    [Theory]
    [InlineData(SeverityLabel.Medium, DefaultChannel)]
    [InlineData(SeverityLabel.High, Payments)]
    [InlineData(SeverityLabel.Critical, Payments)]
    public void Route_MinSeverity_TakesThatLabelAndAbove(SeverityLabel severity, string expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:MinSeverity", "high"));

        Assert.Equal(expected, router.Route(Finding(severity: severity)).Channel);
    }

    [Fact]
    public void Route_SeveralKeys_AllMustMatch()
    {
        var router = Router(
            ("Routing:Rules:0:Channel", Payments),
            ("Routing:Rules:0:Accounts:0", "111122223333"),
            ("Routing:Rules:0:Regions:0", "eu-west-1"),
            ("Routing:Rules:0:Controls:0", "S3.*"),
            ("Routing:Rules:0:MinSeverity", "CRITICAL"));

        Assert.Equal(Payments, router.Route(Finding(severity: SeverityLabel.Critical)).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(severity: SeverityLabel.High)).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(severity: SeverityLabel.Critical, region: "us-east-1")).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(severity: SeverityLabel.Critical, control: "EC2.18")).Channel);
        Assert.Equal(DefaultChannel, router.Route(Finding(severity: SeverityLabel.Critical, account: "444455556666")).Channel);
    }

    [Fact]
    public void Route_TwoRulesMatch_FirstWins()
    {
        var router = Router(
            ("Routing:Rules:0:Channel", "C0ONCALL000"), ("Routing:Rules:0:MinSeverity", "CRITICAL"),
            ("Routing:Rules:1:Channel", Payments), ("Routing:Rules:1:Accounts:0", "111122223333"));

        var critical = router.Route(Finding(severity: SeverityLabel.Critical));
        var high = router.Route(Finding(severity: SeverityLabel.High));

        Assert.Equal(("C0ONCALL000", "Routing:Rules:0"), (critical.Channel, critical.Rule));
        Assert.Equal((Payments, "Routing:Rules:1"), (high.Channel, high.Rule));
    }

    [Fact]
    public void Route_NoRuleMatches_FallsBackToSlackChannelWithDefaults()
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:IacFlavor", "cdk"));

        var route = router.Route(Finding(account: "444455556666"));

        Assert.Equal(DefaultChannel, route.Channel);
        Assert.Null(route.Rule);
        Assert.Empty(route.AlsoChannels);
        Assert.Equal(IacFlavor.Terraform, route.IacFlavor);
        Assert.Equal(Defaults.Approvers, route.Approvers);
        Assert.Equal("no routing rule matched (Routing:Rules:0 Accounts: 444455556666 not in 111122223333): Slack:Channel", route.Why);
    }

    [Fact]
    public void Route_NoRules_SaysSo()
    {
        var route = Router().Route(Finding());

        Assert.Equal((DefaultChannel, "no routing rules: Slack:Channel"), (route.Channel, route.Why));
    }

    [Fact]
    public void Route_Matched_WhyNamesRuleAndEveryMatchedKey()
    {
        var router = Router(
            ("Routing:Rules:0:Channel", Payments),
            ("Routing:Rules:0:Accounts:0", "111122223333"),
            ("Routing:Rules:0:Products:0", "Security Hub"),
            ("Routing:Rules:0:Controls:0", "S3.*"),
            ("Routing:Rules:0:ResourceTags:0", "team=payments"),
            ("Routing:Rules:0:MinSeverity", "HIGH"));

        var route = router.Route(Finding(severity: SeverityLabel.Critical, resources: Tagged("b", ("team", "payments"))));

        Assert.Equal(
            "Routing:Rules:0 matched Accounts 111122223333; Products Security Hub; Controls S3.* (S3.1); ResourceTags team=payments; MinSeverity HIGH (CRITICAL)",
            route.Why);
    }

    [Fact]
    public void Route_AlsoChannels_FansOutAfterThePrimary()
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:AlsoChannels:0", "C0SECOPS000"), ("Routing:Rules:0:AlsoChannels:1", "G0AUDITLOG0"));

        var route = router.Route(Finding());

        Assert.Equal(Payments, route.Channel);
        Assert.Equal(["C0SECOPS000", "G0AUDITLOG0"], route.AlsoChannels);
        Assert.Equal([Payments, "C0SECOPS000", "G0AUDITLOG0"], route.Channels);
    }

    [Theory]
    [InlineData("terraform", IacFlavor.Terraform)]
    [InlineData("cdk", IacFlavor.Cdk)]
    [InlineData("CloudFormation", IacFlavor.CloudFormation)]
    [InlineData("console", IacFlavor.Console)]
    public void Route_IacFlavor_IsTheRulesFlavour(string configured, IacFlavor expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:IacFlavor", configured));

        Assert.Equal(expected, router.Route(Finding()).IacFlavor);
    }

    [Fact]
    public void Route_RuleWithoutFlavour_UsesTheDefaultFlavour() =>
        Assert.Equal(Defaults.IacFlavor, Router(("Routing:Rules:0:Channel", Payments)).Route(Finding()).IacFlavor);

    [Fact]
    public void Route_RuleApprovers_ReplaceTheDefaultApprovers()
    {
        var router = Router(
            ("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "111122223333"),
            ("Routing:Rules:0:Approvers:0", "U0PAYLEAD01"), ("Routing:Rules:0:Approvers:1", "S0PAYTEAM01"),
            ("Routing:Rules:1:Channel", Data));

        Assert.Equal(["U0PAYLEAD01", "S0PAYTEAM01"], router.Route(Finding()).Approvers);
        Assert.Equal(Defaults.Approvers, router.Route(Finding(account: "444455556666")).Approvers);
    }

    [Theory]
    [InlineData(SeverityLabel.Critical, "S0PAYONCALL")]
    [InlineData(SeverityLabel.High, null)]
    public void Route_MentionGroup_OnlyOnCritical(SeverityLabel severity, string? expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:MentionGroup", "S0PAYONCALL"));

        var route = router.Route(Finding(severity: severity));

        Assert.Equal(expected, route.MentionGroup);
        Assert.Equal(expected is not null, route.Why.Contains("mentions S0PAYONCALL (CRITICAL)", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_Fallback_NeverMentions() =>
        Assert.Null(Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "444455556666"), ("Routing:Rules:0:MentionGroup", "S0PAYONCALL"))
            .Route(Finding(severity: SeverityLabel.Critical)).MentionGroup);

    [Theory]
    [InlineData(Payments, true)]
    [InlineData("C0SECOPS000", true)]
    [InlineData(DefaultChannel, true)]
    [InlineData("C0ELSEWHERE", false)]
    [InlineData(null, false)]
    public void PostsTo_RuleChannelsFanOutAndDefault_AreOurs(string? channel, bool expected)
    {
        var router = Router(("Routing:Rules:0:Channel", Payments), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:AlsoChannels:0", "C0SECOPS000"));

        Assert.Equal(expected, router.PostsTo(channel));
    }

    [Fact]
    public void Constructor_TableWithProblems_ThrowsNamingTheKey()
    {
        var table = SecHubBot.Core.Routing.RoutingTable.Parse(new SecHubBot.Core.Routing.RoutingOptions { Rules = [new() { Channel = "general" }] });

        var ex = Assert.Throws<SecHubBot.Core.Configuration.InvalidConfigurationException>(() => new SecHubBot.Core.Routing.AlertRouter(table, Defaults));

        Assert.Equal("Routing:Rules:0:Channel \"general\" is not a Slack channel id (C… or G…, such as C0123456789)", ex.Message);
    }
}

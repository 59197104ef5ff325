using static SecHubBot.Core.Tests.Routing.RoutingTestData;

namespace SecHubBot.Core.Tests.Routing;

/// <summary>Every start-up problem is one line naming the rule and key, as the host's ValidateOnStart reports it.</summary>
public class RoutingValidationTests
{
    private const string Rule0Channel = "Routing:Rules:0:Channel";

    public static TheoryData<string, string, string> InvalidValues() => new()
    {
        { "Routing:Rules:0:Channel", "#sec-prod", "Routing:Rules:0:Channel \"#sec-prod\" is not a Slack channel id (C… or G…, such as C0123456789)" },
        { "Routing:Rules:0:Channel", "D0123456789", "Routing:Rules:0:Channel \"D0123456789\" is not a Slack channel id (C… or G…, such as C0123456789)" },
        { "Routing:Rules:0:AlsoChannels:0", "sec-dev", "Routing:Rules:0:AlsoChannels:0 \"sec-dev\" is not a Slack channel id (C… or G…, such as C0123456789)" },
        { "Routing:Rules:0:AlsoChannels:0", "C0PAYMENTS0", "Routing:Rules:0:AlsoChannels:0 \"C0PAYMENTS0\" is already a channel of this rule" },
        { "Routing:Rules:0:Accounts:0", "12345678901", "Routing:Rules:0:Accounts:0 \"12345678901\" is not a 12-digit AWS account id" },
        { "Routing:Rules:0:Accounts:0", "prod-payments", "Routing:Rules:0:Accounts:0 \"prod-payments\" is not a 12-digit AWS account id" },
        { "Routing:Rules:0:Regions:0", "Ireland", "Routing:Rules:0:Regions:0 \"Ireland\" is not an AWS region code (such as eu-west-1)" },
        { "Routing:Rules:0:Products:0", "arn:aws:guardduty:eu-west-1:111122223333:detector/x", "Routing:Rules:0:Products:0 \"arn:aws:guardduty:eu-west-1:111122223333:detector/x\" is not a product name (GuardDuty) or a Security Hub product ARN (arn:aws:securityhub:us-east-1::product/aws/guardduty)" },
        { "Routing:Rules:0:Controls:0", "S3.*.1", "Routing:Rules:0:Controls:0 \"S3.*.1\" is not a control id (S3.1) or a prefix ending in * (S3.*)" },
        { "Routing:Rules:0:ResourceTags:0", "team", "Routing:Rules:0:ResourceTags:0 \"team\" is not a resource tag as key=value (such as team=payments)" },
        { "Routing:Rules:0:ResourceTags:0", "=payments", "Routing:Rules:0:ResourceTags:0 \"=payments\" is not a resource tag as key=value (such as team=payments)" },
        { "Routing:Rules:0:MinSeverity", "SEVERE", "Routing:Rules:0:MinSeverity is \"SEVERE\"; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL" },
        { "Routing:Rules:0:IacFlavor", "pulumi", "Routing:Rules:0:IacFlavor is \"pulumi\"; expected one of terraform, cdk, cloudformation, console" },
        { "Routing:Rules:0:IacFlavor", "1", "Routing:Rules:0:IacFlavor is \"1\"; expected one of terraform, cdk, cloudformation, console" },
        { "Routing:Rules:0:Approvers:0", "@alice", "Routing:Rules:0:Approvers:0 \"@alice\" is not a Slack user id (U… or W…) or user-group id (S…)" },
        { "Routing:Rules:0:Approvers:0", "C0PAYMENTS0", "Routing:Rules:0:Approvers:0 \"C0PAYMENTS0\" is not a Slack user id (U… or W…) or user-group id (S…)" },
        { "Routing:Rules:0:MentionGroup", "U0PAYLEAD01", "Routing:Rules:0:MentionGroup \"U0PAYLEAD01\" is not a Slack user-group id (S…, such as S0614TZR7)" },
        { "Routing:Rules:0:MentionGroup", "@here", "Routing:Rules:0:MentionGroup \"@here\" is not a Slack user-group id (S…, such as S0614TZR7)" },
        { "Routing:Rules:0:Acounts:0", "111122223333", "Routing:Rules:0:Acounts is not a routing rule key; expected one of Channel, MinSeverity, IacFlavor, MentionGroup, AlsoChannels, Accounts, Regions, Products, Controls, ResourceTags, Approvers" },
        { "Routing:Rules:0:MinSeverity:0", "HIGH", "Routing:Rules:0:MinSeverity is a list; expected a single value" },
        { "Routing:Rule:0:Channel", "C0PAYMENTS0", "Routing:Rule is not a routing key; expected Routing:Rules:{i}:…" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Validate_InvalidValue_OneLineNamingRuleAndKey(string key, string value, string expected) =>
        Assert.Equal([expected], StartupProblems((Rule0Channel, "C0PAYMENTS0"), (key, value)));

    [Fact]
    public void Validate_RuleWithoutChannel_NamesTheRule() =>
        Assert.Equal(
            ["Routing:Rules:0:Channel is required: the id of the Slack channel this rule posts to (C… or G…, such as C0123456789)"],
            StartupProblems(("Routing:Rules:0:Accounts:0", "111122223333")));

    [Fact]
    public void Validate_RuleIsAValue_SaysARuleWasExpected() =>
        Assert.Equal(
            ["Routing:Rules:0 is a single value; expected a rule (Routing:Rules:0:Channel and its match keys)"],
            StartupProblems(("Routing:Rules:0", "C0PAYMENTS0"), ("Routing:Rules:1:Channel", "C0DATATEAM0")));

    [Fact]
    public void Validate_RulesIsAValue_SaysAListWasExpected() =>
        Assert.Equal(
            ["Routing:Rules is a single value; expected a list of rules (Routing:Rules:0:Channel, …)"],
            StartupProblems(("Routing:Rules", "C0PAYMENTS0")));

    [Fact]
    public void Validate_RuleAfterCatchAll_CanNeverMatch() =>
        Assert.Equal(
            ["Routing:Rules:1 can never match: Routing:Rules:0 before it has no match keys and takes every finding"],
            StartupProblems(
                ("Routing:Rules:0:Channel", "C0SECURITY1"),
                ("Routing:Rules:1:Channel", "C0PAYMENTS0"), ("Routing:Rules:1:Accounts:0", "111122223333")));

    [Fact]
    public void Validate_RuleCoveredByBroaderEarlierRule_CanNeverMatch() =>
        Assert.Equal(
            ["Routing:Rules:1 can never match: Routing:Rules:0 before it takes every finding it would (Accounts, Controls, MinSeverity)"],
            StartupProblems(
                ("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:Accounts:1", "444455556666"),
                ("Routing:Rules:0:Controls:0", "S3.*"), ("Routing:Rules:0:MinSeverity", "HIGH"),
                ("Routing:Rules:1:Channel", "C0DATATEAM0"), ("Routing:Rules:1:Accounts:0", "444455556666"), ("Routing:Rules:1:Controls:0", "S3.12"),
                ("Routing:Rules:1:MinSeverity", "CRITICAL"), ("Routing:Rules:1:Regions:0", "eu-west-1")));

    [Theory]
    [InlineData("Routing:Rules:1:MinSeverity", "MEDIUM")]
    [InlineData("Routing:Rules:1:Controls:0", "S3*")]
    [InlineData("Routing:Rules:1:Controls:0", "*")]
    [InlineData("Routing:Rules:1:Accounts:1", "777788889999")]
    public void Validate_LaterRuleReachingBeyondEarlier_IsAccepted(string key, string value) =>
        Assert.Empty(StartupProblems(
            ("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:Controls:0", "S3.*"),
            ("Routing:Rules:0:MinSeverity", "HIGH"),
            ("Routing:Rules:1:Channel", "C0DATATEAM0"), ("Routing:Rules:1:Accounts:0", "111122223333"), ("Routing:Rules:1:Controls:0", "S3.*"),
            ("Routing:Rules:1:MinSeverity", "HIGH"), (key, value)));

    [Fact]
    public void Validate_LastRuleCatchAll_IsAccepted() =>
        Assert.Empty(StartupProblems(
            ("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts:0", "111122223333"),
            ("Routing:Rules:1:Channel", "C0SECURITY1")));

    [Fact]
    public void Validate_ProductArnsOutsideRegions_CanNeverMatch() =>
        Assert.Equal(
            ["Routing:Rules:0:Products can never match: every product ARN names a region that is not in Regions (us-east-1)"],
            StartupProblems(
                (Rule0Channel, "C0PAYMENTS0"), ("Routing:Rules:0:Regions:0", "eu-west-1"),
                ("Routing:Rules:0:Products:0", "arn:aws:securityhub:us-east-1::product/aws/guardduty")));

    [Fact]
    public void Validate_GapInRuleIndexes_NamesTheConfiguredIndex() =>
        Assert.Equal(
            ["Routing:Rules:5:MinSeverity is \"URGENT\"; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL"],
            StartupProblems(
                ("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts:0", "111122223333"),
                ("Routing:Rules:5:Channel", "C0DATATEAM0"), ("Routing:Rules:5:MinSeverity", "URGENT")));

    [Fact]
    public void Validate_SeveralProblems_OneLineEach()
    {
        var problems = StartupProblems(
            ("Routing:Rules:0:Channel", "sec-prod"), ("Routing:Rules:0:Accounts:0", "1111"),
            ("Routing:Rules:1:Channel", "C0DATATEAM0"), ("Routing:Rules:1:MinSeverity", "SEVERE"),
            ("Accounts:1111:Name", "prod"));

        Assert.Equal(
            [
                "Routing:Rules:0:Channel \"sec-prod\" is not a Slack channel id (C… or G…, such as C0123456789)",
                "Routing:Rules:0:Accounts:0 \"1111\" is not a 12-digit AWS account id",
                "Routing:Rules:1:MinSeverity is \"SEVERE\"; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL",
                "Accounts:1111 \"1111\" is not a 12-digit AWS account id",
            ],
            problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    public static TheoryData<string, string?, string> InvalidAccounts() => new()
    {
        { "Accounts:prod:Name", "prod-payments", "Accounts:prod \"prod\" is not a 12-digit AWS account id" },
        { "Accounts:111122223333", "prod-payments", "Accounts:111122223333 is a single value; expected the name as Accounts:111122223333:Name" },
        { "Accounts:111122223333:Nmae", "prod-payments", "Accounts:111122223333:Nmae is not an account key; expected Accounts:111122223333:Name" },
        { "Accounts:111122223333:Name", " ", "Accounts:111122223333:Name is empty; expected the account's name (such as prod-payments)" },
    };

    [Theory]
    [MemberData(nameof(InvalidAccounts))]
    public void Validate_InvalidAccount_OneLineNamingTheKey(string key, string? value, string expected) =>
        Assert.Equal([expected], StartupProblems((key, value)));

    [Fact]
    public void Validate_SoundConfiguration_HasNoProblems() =>
        Assert.Empty(StartupProblems(
            ("Routing:Rules:0:Channel", "C0PAYMENTS0"), ("Routing:Rules:0:Accounts:0", "111122223333"), ("Routing:Rules:0:Regions:0", "eu-west-1"),
            ("Routing:Rules:0:Products:0", "GuardDuty"), ("Routing:Rules:0:Products:1", "arn:aws:securityhub:eu-west-1::product/aws/inspector"),
            ("Routing:Rules:0:Controls:0", "S3.*"), ("Routing:Rules:0:ResourceTags:0", "team=payments"), ("Routing:Rules:0:MinSeverity", "high"),
            ("Routing:Rules:0:AlsoChannels:0", "G0AUDITLOG0"), ("Routing:Rules:0:IacFlavor", "cdk"), ("Routing:Rules:0:Approvers:0", "U0PAYLEAD01"),
            ("Routing:Rules:0:Approvers:1", "W0GRIDUSER1"), ("Routing:Rules:0:Approvers:2", "S0PAYTEAM01"), ("Routing:Rules:0:MentionGroup", "S0PAYONCALL"),
            ("Accounts:111122223333:Name", "prod-payments")));
}

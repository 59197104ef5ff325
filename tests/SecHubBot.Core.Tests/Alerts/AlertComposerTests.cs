using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Fakes;
using SecHubBot.Fakes.BlockKit;

namespace SecHubBot.Core.Tests.Alerts;

public class AlertComposerTests
{
    private readonly AlertComposer _composer = new();
    private readonly OfflineExplainer _explainer = new();

    public static TheoryData<string> SamplesWithFindings() => new(SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings));

    [Theory]
    [MemberData(nameof(SamplesWithFindings))]
    public void Compose_EveryRealSample_MeetsBlockKitLimits(string path)
    {
        foreach (var incoming in FindingInputReader.Read(File.ReadAllText(path)).Findings)
        {
            var messages = _composer.Compose(incoming.Finding, _explainer.Explain(incoming.Finding), "C123");

            Assert.Empty(BlockKitLimitCheck.Check(messages.Parent));
            Assert.Empty(BlockKitLimitCheck.Check(messages.FirstReply));
        }
    }

    [Fact]
    public void Compose_MaliciousTitleAndResourceId_RendersLiterallyAndPingsNobody()
    {
        var finding = Hostile() with
        {
            Title = "<!channel> rotate keys",
            Resources = [new FindingResource("Other", "<@U0123> <https://evil.example|click>")],
            Description = "@here <!everyone> <!subteam^S123> & more",
        };

        var messages = _composer.Compose(finding, _explainer.Explain(finding), "C123");
        var json = Serialize(messages.Parent) + Serialize(messages.FirstReply);

        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!everyone>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<!subteam", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0123>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", json, StringComparison.Ordinal);
        Assert.DoesNotMatch("@here", json);
        Assert.Contains("&lt;!channel&gt; rotate keys", messages.Parent.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;@U0123&gt;", Serialize(messages.Parent), StringComparison.Ordinal);
        // The header is plain_text: it shows the title as written, with an invisible joiner that keeps "<!" from ever parsing.
        Assert.Equal(":red_circle: <\u2060!channel> rotate keys", ((HeaderBlock)messages.Parent.Blocks![0]).Text.Text);
    }

    [Fact]
    public void Compose_HugeDescriptionAndSixtyResources_StaysWithinEveryLimit()
    {
        var finding = Hostile() with
        {
            Title = new string('T', 5000),
            Description = string.Concat(Enumerable.Repeat("<&> long description ", 1000))[..20000],
            Resources = Enumerable.Range(0, 60).Select(i => new FindingResource("AwsEc2SecurityGroup", $"arn:aws:ec2:us-east-1:111122223333:security-group/sg-{i:D17}")).ToArray(),
            RemediationText = new string('R', 20000),
        };
        var explanation = _explainer.Explain(finding) with
        {
            FixSteps = Enumerable.Range(0, 200).Select(i => new string('s', 2500) + i).ToArray(),
            Iac = new IacSnippet(IacFlavor.Terraform, string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"resource \"x\" \"{i}\" {{}}"))),
            VerifySteps = Enumerable.Range(0, 100).Select(i => new string('v', 5000)).ToArray(),
        };

        var messages = _composer.Compose(finding, explanation, "C123");

        Assert.Empty(BlockKitLimitCheck.Check(messages.Parent));
        Assert.Empty(BlockKitLimitCheck.Check(messages.FirstReply));
        Assert.True(messages.FirstReply.Blocks!.Count <= BlockKitLimits.BlocksPerMessage);
    }

    [Fact]
    public void ComposeParent_Always_CarriesMetadataButtonsAndConsoleLink()
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled("securityhub-cis-4.1-finding.json")).Findings[0].Finding;

        var parent = _composer.ComposeParent(finding, _explainer.Explain(finding), "C123");

        Assert.Equal("sechub_finding", parent.Metadata!.EventType);
        Assert.Equal(finding.Id, parent.Metadata.EventPayload.FindingId);
        Assert.Equal(finding.ProductArn, parent.Metadata.EventPayload.ProductArn);
        Assert.Equal("4.1", parent.Metadata.EventPayload.ControlId);
        Assert.Equal("111111111111", parent.Metadata.EventPayload.AccountId);
        Assert.Equal("us-east-1", parent.Metadata.EventPayload.Region);
        Assert.Equal("HIGH", parent.Metadata.EventPayload.Severity);

        var buttons = parent.Blocks!.OfType<ActionsBlock>().Single().Elements.OfType<ButtonElement>().ToArray();
        Assert.Equal([AlertActionIds.Resolve, AlertActionIds.Suppress, AlertActionIds.OpenConsole], buttons.Select(b => b.ActionId));
        Assert.True(FindingButtonValue.TryDecode(buttons[0].Value, out var reference));
        Assert.Equal(finding.Ref, reference);
        Assert.StartsWith("https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings?search=Id%3D", buttons[2].Url, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeParent_ModelExplanation_SaysItIsAiWritten()
    {
        var finding = Hostile();
        var explanation = _explainer.Explain(finding) with { Source = ExplanationSource.Model, Model = "global.anthropic.claude" };

        var json = Serialize(_composer.ComposeParent(finding, explanation, "C1"));

        Assert.Contains("written by AI", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeParent_FallbackExplanation_SaysTheModelWasUnavailable()
    {
        var finding = Hostile();
        var json = Serialize(_composer.ComposeParent(finding, _explainer.Explain(finding) with { Source = ExplanationSource.OfflineFallback }, "C1"));

        Assert.Contains("AI explanation is unavailable", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleLinks_GovCloudFinding_UsesItsPartitionHost()
    {
        var finding = Hostile() with { ProductArn = "arn:aws-us-gov:securityhub:us-gov-west-1::product/aws/securityhub", Region = "us-gov-west-1" };

        Assert.StartsWith("https://console.amazonaws-us-gov.com/securityhub/home?region=us-gov-west-1#", ConsoleLinks.Finding(finding), StringComparison.Ordinal);
    }

    private static Finding Hostile() => new()
    {
        Id = "arn:aws:securityhub:us-east-1:111122223333:security-control/EC2.18/finding/abc",
        ProductArn = "arn:aws:securityhub:us-east-1::product/aws/securityhub",
        Title = "EC2.18 Security groups should only allow unrestricted incoming traffic for authorized ports",
        Severity = new FindingSeverity(SeverityLabel.High, 70, null),
        AwsAccountId = "111122223333",
        Region = "us-east-1",
        ControlId = "EC2.18",
        Product = FindingProduct.SecurityHubControl,
    };

    private static string Serialize(SlackMessage message) => JsonSerializer.Serialize(message, SlackJson.Context.SlackMessage);
}

public class AlertWireShapeTests
{
    [Fact]
    public void Serialize_TextObjects_CarryTypeAndTheirOwnFlags()
    {
        var finding = FindingInputReader.Read(SampleFiles.ReadBundled("securityhub-cis-4.1-finding.json")).Findings[0].Finding;
        var parent = new AlertComposer().ComposeParent(finding, new OfflineExplainer().Explain(finding), "C1");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(parent, SlackJson.Context.SlackMessage));
        var blocks = json.RootElement.GetProperty("blocks");

        var header = blocks[0].GetProperty("text");
        Assert.Equal("plain_text", header.GetProperty("type").GetString());
        Assert.True(header.GetProperty("emoji").GetBoolean());
        var field = blocks[1].GetProperty("fields")[0];
        Assert.Equal("mrkdwn", field.GetProperty("type").GetString());
        Assert.True(field.GetProperty("verbatim").GetBoolean());
        var button = blocks[3].GetProperty("elements")[0];
        Assert.Equal("button", button.GetProperty("type").GetString());
        Assert.Equal("plain_text", button.GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("sechub_resolve", button.GetProperty("action_id").GetString());
        Assert.False(json.RootElement.GetProperty("unfurl_links").GetBoolean());
        Assert.Equal("sechub_finding", json.RootElement.GetProperty("metadata").GetProperty("event_type").GetString());
        Assert.Equal(finding.Id, json.RootElement.GetProperty("metadata").GetProperty("event_payload").GetProperty("finding_id").GetString());
    }
}

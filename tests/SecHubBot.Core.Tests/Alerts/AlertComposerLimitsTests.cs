using System.Text.Json;
using System.Text.RegularExpressions;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Core.Tests.Alerts;

/// <summary>
/// Every message the composer builds, from over-long and hostile input, checked against Slack's documented
/// limits stated here (https://docs.slack.dev/reference/block-kit/blocks, .../block-elements/button-element):
/// not the product's own constants, which would move with a bug.
/// </summary>
public partial class AlertComposerLimitsTests
{
    private const int SlackHeaderText = 150;
    private const int SlackSectionText = 3000;
    private const int SlackSectionField = 2000;
    private const int SlackBlocksPerMessage = 50;
    private const int SlackButtonValue = 2000;
    private const int SlackButtonText = 75;
    private const int SlackActionId = 255;
    private const int SlackBlockId = 255;

    private static readonly DateTimeOffset At = new(2026, 12, 2, 15, 30, 0, TimeSpan.Zero);
    private static readonly ThreadRef Thread = new("C0ALERTS", "1700000000.000100");
    private readonly AlertComposer _composer = new();
    private readonly OfflineExplainer _explainer = new();

    [Fact]
    public void EveryMessage_TitleOver150AndOtherOverlongInput_WithinSlacksLimits()
    {
        var finding = Overlong();
        Assert.True(finding.Title.Length > SlackHeaderText);
        var members = Enumerable.Range(0, 500).Select(i => finding with { Id = finding.Id + i }).ToList();
        var explanation = Overlong(_explainer.Explain(finding));
        var reach = new GroupChangeCounts(499, 499, 500);
        var person = AlertState.ChangedBy(AlertStatus.Resolved, new string('N', 5000), At, new string('r', 20000), reach);

        foreach (var message in Everything(finding, members, explanation, person))
        {
            AssertWithinSlackLimits(message);
        }

        var header = (HeaderBlock)_composer.ComposeParent(AlertSubject.Single(finding), explanation, "C1").Blocks![0];
        Assert.Equal(SlackHeaderText, header.Text.Text.Length);
        Assert.EndsWith("…", header.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMessage_HostileText_NeverAMentionNorALink()
    {
        var finding = Hostile();
        var members = Enumerable.Range(0, 12).Select(i => finding with { Id = finding.Id + i }).ToList();
        var explanation = _explainer.Explain(finding) with
        {
            Summary = "<!channel> see <https://evil.example|docs>",
            WhyItMatters = "<@U0123> @here",
            Model = "<!everyone>",
            Source = ExplanationSource.Model,
        };
        var person = AlertState.ChangedBy(AlertStatus.Suppressed, "<@U0999> <!here>", At, "<https://evil.example|why> <!subteam^S1> @channel", new GroupChangeCounts(1, 2, 12));
        var hostileMetadata = AlertSubject.MetadataOf(finding) with { ControlId = "<!channel>", AccountId = "<@U1>", Region = "<https://evil.example>" };

        var messages = Everything(finding, members, explanation, person)
            .Append(_composer.ComposeUpdate(AlertSubject.FromMetadata(hostileMetadata), person, null, Thread))
            .Append(_composer.ComposeUpdate(AlertSubject.FromMetadata(hostileMetadata with { GroupSize = 3 }), person, explanation, Thread));

        foreach (var message in messages)
        {
            foreach (var text in MrkdwnTexts(message))
            {
                // The only angle-bracket tokens are our own dates and the explanation's AWS documentation links;
                // no "<!channel>", "<@U…>" or "<https://evil…|…>" survives.
                foreach (Match token in AngleToken().Matches(text))
                {
                    Assert.True(
                        token.Value.StartsWith("<!date^", StringComparison.Ordinal) || token.Value.StartsWith("<https://docs.aws.amazon.com/", StringComparison.Ordinal),
                        token.Value);
                }

                Assert.DoesNotMatch(BareBroadcast(), text);
            }

            foreach (var text in PlainTexts(message))
            {
                // Slack shows plain_text as written (a link stays text); mentions are broken even so.
                Assert.DoesNotMatch(MentionStart(), text);
                Assert.DoesNotMatch(BareBroadcast(), text);
            }

            foreach (var url in Urls(message))
            {
                Assert.StartsWith("https://", url, StringComparison.Ordinal);
                Assert.DoesNotContain("evil.example", url, StringComparison.Ordinal);
            }
        }
    }

    private IEnumerable<SlackMessage> Everything(Finding finding, IReadOnlyList<Finding> members, Explanation explanation, AlertState person)
    {
        var single = AlertSubject.Single(finding);
        var group = AlertSubject.Group(members);
        var singlePerson = person with { Reach = null };
        var reported = AlertState.Reported(AlertStatus.Open, At) with { Reason = person.Reason };
        foreach (var messages in new[] { _composer.Compose(single, explanation, "C0ALERTS"), _composer.Compose(group, explanation, "C0ALERTS") })
        {
            yield return messages.Parent;
            yield return messages.FirstReply;
        }

        yield return _composer.ComposeJoin(members, members.Count + 1, Thread);
        yield return _composer.ComposeUpdate(AlertSubject.Group([.. members.Take(AlertSubject.ListedResources)], members.Count + 1), AlertState.Open, explanation, Thread);

        foreach (var status in AlertStatuses.All)
        {
            yield return _composer.ComposeUpdate(single, singlePerson with { Status = status }, explanation, Thread);
            yield return _composer.ComposeUpdate(single, reported with { Status = status }, explanation, Thread);
            yield return _composer.ComposeUpdate(group, person with { Status = status }, explanation, Thread);
            yield return _composer.ComposeUpdate(AlertSubject.FromMetadata(single.Metadata), singlePerson with { Status = status }, null, Thread);
            yield return _composer.ComposeUpdate(AlertSubject.FromMetadata(group.Metadata), person with { Status = status }, null, Thread);
            yield return _composer.ComposeAudit(singlePerson with { Status = status }, Thread, [finding]);
            yield return _composer.ComposeAudit(person with { Status = status }, Thread, members);
            yield return _composer.ComposeAudit(reported with { Status = status }, Thread, members);
        }
    }

    private static void AssertWithinSlackLimits(SlackMessage message)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(message, SlackJson.Context.SlackMessage));
        var blocks = json.RootElement.GetProperty("blocks");
        Assert.InRange(blocks.GetArrayLength(), 1, SlackBlocksPerMessage);
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.TryGetProperty("block_id", out var blockId))
            {
                Assert.InRange(blockId.GetString()!.Length, 1, SlackBlockId);
            }

            switch (block.GetProperty("type").GetString())
            {
                case "header":
                    Assert.InRange(block.GetProperty("text").GetProperty("text").GetString()!.Length, 1, SlackHeaderText);
                    break;
                case "section":
                    if (block.TryGetProperty("text", out var text))
                    {
                        Assert.InRange(text.GetProperty("text").GetString()!.Length, 1, SlackSectionText);
                    }

                    if (block.TryGetProperty("fields", out var fields))
                    {
                        Assert.All(fields.EnumerateArray(), f => Assert.InRange(f.GetProperty("text").GetString()!.Length, 1, SlackSectionField));
                    }

                    break;
                case "context":
                    Assert.All(block.GetProperty("elements").EnumerateArray(), e => Assert.InRange(e.GetProperty("text").GetString()!.Length, 1, SlackSectionText));
                    break;
                case "actions":
                    foreach (var button in block.GetProperty("elements").EnumerateArray())
                    {
                        Assert.InRange(button.GetProperty("action_id").GetString()!.Length, 1, SlackActionId);
                        Assert.InRange(button.GetProperty("text").GetProperty("text").GetString()!.Length, 1, SlackButtonText);
                        if (button.TryGetProperty("value", out var value))
                        {
                            Assert.InRange(value.GetString()!.Length, 1, SlackButtonValue);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The texts Slack parses as mrkdwn: the fallback and each mrkdwn text object in the blocks.</summary>
    private static IEnumerable<string> MrkdwnTexts(SlackMessage message)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(message, SlackJson.Context.SlackMessage));
        var texts = new List<string> { json.RootElement.GetProperty("text").GetString()! };
        CollectTextObjects(json.RootElement.GetProperty("blocks"), "mrkdwn", texts);
        return texts;
    }

    private static IEnumerable<string> PlainTexts(SlackMessage message)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(message, SlackJson.Context.SlackMessage));
        var texts = new List<string>();
        CollectTextObjects(json.RootElement.GetProperty("blocks"), "plain_text", texts);
        return texts;
    }

    private static void CollectTextObjects(JsonElement element, string type, List<string> into)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("type", out var t) && t.GetString() == type
            && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            into.Add(text.GetString()!);
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                CollectTextObjects(p.Value, type, into);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectTextObjects(item, type, into);
            }
        }
    }

    private static IEnumerable<string> Urls(SlackMessage message)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(message, SlackJson.Context.SlackMessage));
        var urls = new List<string>();
        Collect(json.RootElement.GetProperty("blocks"), "url", urls);
        return urls;
    }

    private static void Collect(JsonElement element, string property, List<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Name == property && p.Value.ValueKind == JsonValueKind.String)
                    {
                        into.Add(p.Value.GetString()!);
                    }
                    else
                    {
                        Collect(p.Value, property, into);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, property, into);
                }

                break;
        }
    }

    private static Finding Overlong() => AlertComposerStateTests.Control(1) with
    {
        Id = "arn:aws:securityhub:us-east-1:123456789012:security-control/EC2.18/finding/" + new string('i', 440),
        Title = new string('T', 400) + " over-long title",
        ControlId = new string('C', 3000),
        ProductName = new string('P', 3000),
        AwsAccountId = new string('1', 3000),
        Region = new string('r', 3000),
        Types = [new string('y', 5000)],
        Resources = Enumerable.Range(0, 60).Select(i => new FindingResource("AwsEc2SecurityGroup", $"arn:aws:ec2:us-east-1:123456789012:security-group/sg-{new string('0', 2000)}{i}")).ToArray(),
    };

    private static Explanation Overlong(Explanation explanation) => explanation with
    {
        Summary = new string('s', 20000),
        WhyItMatters = new string('w', 20000),
        FixSteps = Enumerable.Range(0, 200).Select(i => new string('f', 2500) + i).ToArray(),
        Iac = new IacSnippet(IacFlavor.Terraform, string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"resource \"x\" \"{i}\" {{}}"))),
        VerifySteps = Enumerable.Range(0, 100).Select(_ => new string('v', 5000)).ToArray(),
        Model = new string('m', 5000),
        Source = ExplanationSource.Model,
    };

    private static Finding Hostile() => AlertComposerStateTests.Control(1) with
    {
        Title = "<!channel> rotate keys <https://evil.example|now>",
        ControlId = "<!here>",
        ProductName = "<@U0123>",
        AwsAccountId = "<!everyone>",
        Region = "<https://evil.example>",
        Resources = [new FindingResource("Other", "<@U0123> <https://evil.example|click>")],
        Note = new FindingNote("<!channel>", "<@U0456>", At),
    };

    /// <summary>An angle-bracket token Slack would parse; a header's plain_text keeps "&lt;" followed by a word joiner, which never parses.</summary>
    [GeneratedRegex("<(?!\u2060)[^>]*>")]
    private static partial Regex AngleToken();

    /// <summary>"&lt;!", "&lt;@" or "&lt;#" not broken by a word joiner.</summary>
    [GeneratedRegex("<[!@#]")]
    private static partial Regex MentionStart();

    /// <summary>"@channel", "@here", "@everyone" as Slack would read them: not broken by a word joiner.</summary>
    [GeneratedRegex("@(channel|here|everyone)")]
    private static partial Regex BareBroadcast();
}

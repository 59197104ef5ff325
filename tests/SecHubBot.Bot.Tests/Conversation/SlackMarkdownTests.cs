using SecHubBot.Bot.Conversation;

namespace SecHubBot.Bot.Tests.Conversation;

public sealed class SlackMarkdownTests
{
    private const string Zwsp = "\u200B";

    [Theory]
    [InlineData("Ping <@U0BOSS> now", "<@")]
    [InlineData("Hey <!channel> and <!here|here>", "<!")]
    [InlineData("Join <#C0SECRET>", "<#")]
    [InlineData("<!subteam^S0ADMINS> look", "<!")]
    [InlineData("Click <https://evil.example|the docs>", "<https://evil")]
    public void Neutralise_SlackControlSyntax_CannotForm(string markdown, string mustNotContain)
    {
        var safe = SlackMarkdown.Neutralise(markdown);

        Assert.DoesNotContain(mustNotContain, safe, StringComparison.Ordinal);
        Assert.Equal(markdown.Replace(Zwsp, string.Empty, StringComparison.Ordinal).Length, safe.Replace(Zwsp, string.Empty, StringComparison.Ordinal).Length);
    }

    [Theory]
    [InlineData("tell @here")]
    [InlineData("tell @channel!")]
    [InlineData("tell @Everyone")]
    [InlineData("```\n@here in code\n```")]
    public void Neutralise_Broadcasts_GetAZeroWidthSpace(string markdown)
    {
        var safe = SlackMarkdown.Neutralise(markdown);

        Assert.DoesNotMatch("@(?i:here|channel|everyone)", safe);
        Assert.Contains("@" + Zwsp, safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Neutralise_Links_OnlyAllowListedHostsStay()
    {
        var safe = SlackMarkdown.Neutralise(
            "[CDK guide](https://docs.aws.amazon.com/cdk/v2/guide/home.html), [bad](https://evil.example/x), ![img](https://evil.example/i.png), " +
            "<https://evil.example/auto>, <https://registry.terraform.io/providers/hashicorp/aws> and https://evil.example/bare.");

        Assert.Contains("[CDK guide](https://docs.aws.amazon.com/cdk/v2/guide/home.html)", safe, StringComparison.Ordinal);
        Assert.Contains("<https://registry.terraform.io/providers/hashicorp/aws>", safe, StringComparison.Ordinal);
        Assert.Contains("bad", safe, StringComparison.Ordinal);
        Assert.Contains("img", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Neutralise_ReferenceLinks_DefinitionDroppedAndDisallowedTargetBecomesLabel()
    {
        var safe = SlackMarkdown.Neutralise("See [the page][x] and [docs][d].\n\n[x]: https://evil.example/ref\n[d]: https://docs.aws.amazon.com/a");

        Assert.DoesNotContain("evil.example", safe, StringComparison.Ordinal);
        Assert.Contains("See the page and [docs](https://docs.aws.amazon.com/a).", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("[x]:", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Neutralise_Code_StaysCopyable()
    {
        const string markdown = "Use `Map<string, number>`:\n\n```ts\nconst rules: Array<IngressRule> = [];\nif (a < b && b > c) { }\n```\n";

        Assert.Equal(markdown, SlackMarkdown.Neutralise(markdown));
    }

    [Fact]
    public void Neutralise_FormattingTablesAndLists_Untouched()
    {
        const string markdown = "# Fix\n\n1. **Open** the _console_\n2. ~~Skip~~ this\n\n| Port | Source |\n|---|---|\n| 443 | 10.0.0.0/8 |\n\n> Note\n";

        Assert.Equal(markdown, SlackMarkdown.Neutralise(markdown));
    }

    [Fact]
    public void Neutralise_EntityChains_StayText()
    {
        var safe = SlackMarkdown.Neutralise("&lt;!channel&gt; and &amp;lt;@U1&amp;gt;");

        Assert.DoesNotContain("<!", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;!", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", safe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("One paragraph still growing", 0)]
    [InlineData("First.\n\nSecond growing", 8)]
    [InlineData("First.\n\n```ts\nopen fence\n\nstill open", 8)]
    [InlineData("First.\n\n```ts\ncode\n```\n\nNext", 24)]
    public void CompleteLength_StopsBeforeTheLastBlock(string markdown, int expected)
    {
        Assert.Equal(expected, SlackMarkdown.CompleteLength(markdown));
    }
}

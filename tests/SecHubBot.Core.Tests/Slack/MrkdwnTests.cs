using SecHubBot.Core.Slack;

namespace SecHubBot.Core.Tests.Slack;

public class MrkdwnTests
{
    [Theory]
    [InlineData("<!channel> rotate keys", "&lt;!channel&gt; rotate keys")]
    [InlineData("<@U0123> <https://evil.example|click>", "&lt;@U0123&gt; &lt;https://evil.example|click&gt;")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("&lt;", "&amp;lt;")]
    public void Escape_ControlCharacters_BecomeEntities(string input, string expected) =>
        Assert.Equal(expected, Mrkdwn.Escape(input));

    [Theory]
    [InlineData("@channel look")]
    [InlineData("hey @here")]
    [InlineData("@Everyone")]
    public void Escape_BareBroadcastWord_IsBroken(string input)
    {
        var escaped = Mrkdwn.Escape(input);

        Assert.Contains("@\u2060", escaped, StringComparison.Ordinal);
        Assert.DoesNotMatch("@(channel|here|everyone)", escaped.ToLowerInvariant());
    }

    [Fact]
    public void Escape_EmailAddress_IsLeftAlone() => Assert.Equal("ops@example.com", Mrkdwn.Escape("ops@example.com"));

    [Fact]
    public void Truncate_CutWouldSplitEntity_CutsBeforeIt()
    {
        var text = Mrkdwn.Escape(new string('a', 8) + "<b>");

        var cut = Mrkdwn.Truncate(text, 12);

        Assert.True(cut.Length <= 12);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("&l…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("&…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_CutWouldSplitSurrogatePair_KeepsPairWhole()
    {
        var text = new string('a', 9) + "😀" + "tail";

        var cut = Mrkdwn.Truncate(text, 11);

        Assert.False(char.IsHighSurrogate(cut[^2]));
    }

    [Theory]
    [InlineData("https://docs.aws.amazon.com/x", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("https://evil.example/a|b", false)]
    [InlineData("https://evil.example/<x>", false)]
    [InlineData("not a url", false)]
    public void IsLinkableUrl_OnlyPlainHttpUrls(string url, bool expected) => Assert.Equal(expected, Mrkdwn.IsLinkableUrl(url));

    [Fact]
    public void Link_UnsafeUrl_BecomesEscapedText()
    {
        var link = Mrkdwn.Link("https://evil.example|<!channel>", "docs");

        Assert.DoesNotContain("<!channel>", link, StringComparison.Ordinal);
        Assert.StartsWith("docs", link, StringComparison.Ordinal);
    }

    [Fact]
    public void CodeBlock_UntrustedFence_CannotCloseTheBlock()
    {
        var block = Mrkdwn.CodeBlock("x\n```\n<!here>");

        Assert.Equal(2, block.Split("```").Length - 1);
        Assert.DoesNotContain("<!here>", block, StringComparison.Ordinal);
    }
}

using SecHubBot.Bot.Conversation;

namespace SecHubBot.Bot.Tests.Conversation;

public sealed class MarkdownToMrkdwnTests
{
    [Theory]
    [InlineData("**bold** and *italic* and ~~gone~~", "*bold* and _italic_ and ~gone~")]
    [InlineData("# Fix it", "*Fix it*")]
    [InlineData("- one\n- two", "• one\n• two")]
    [InlineData("1. first\n2. second", "1. first\n2. second")]
    [InlineData("use `a<b`", "use `a&lt;b`")]
    [InlineData("> quoted", "> quoted")]
    public void Convert_Markdown_SlackMrkdwn(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownToMrkdwn.Convert(markdown));

    [Fact]
    public void Convert_CodeFence_EscapedCodeBlock()
    {
        var result = MarkdownToMrkdwn.Convert("```hcl\nresource \"x\" { a = \"<b>\" }\n```");

        Assert.Equal("```\nresource \"x\" { a = \"&lt;b&gt;\" }\n```", result);
    }

    [Theory]
    [InlineData("[CDK](https://docs.aws.amazon.com/cdk/api/v2/)", "<https://docs.aws.amazon.com/cdk/api/v2/|CDK>")]
    [InlineData("[tf](https://registry.terraform.io/providers/hashicorp/aws/latest)", "<https://registry.terraform.io/providers/hashicorp/aws/latest|tf>")]
    [InlineData("[hub](https://constructs.dev/packages/x)", "<https://constructs.dev/packages/x|hub>")]
    [InlineData("[cfn](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html)", "<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html|cfn>")]
    public void Convert_AllowedLink_Kept(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownToMrkdwn.Convert(markdown));

    [Theory]
    [InlineData("[click me](https://evil.example/phish)")]
    [InlineData("see https://evil.example/phish now")]
    [InlineData("[docs](http://docs.aws.amazon.com/x)")]
    [InlineData("<https://evil.example/x>")]
    [InlineData("[x](https://docs.aws.amazon.com.evil.example/)")]
    public void Convert_OtherLink_PlainTextThatSlackCannotLink(string markdown)
    {
        var result = MarkdownToMrkdwn.Convert(markdown);

        Assert.DoesNotContain("<http", result, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hi <@U123> and <!channel>", "hi &lt;@U123&gt; and &lt;!channel&gt;")]
    [InlineData("<!subteam^S1|@team>", "&lt;!subteam^S1|@team&gt;")]
    public void Convert_Mentions_Neutralised(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownToMrkdwn.Convert(markdown));

    [Fact]
    public void Convert_BroadcastWord_BrokenSoItCannotPing()
    {
        var result = MarkdownToMrkdwn.Convert("attention @here and @channel");

        Assert.DoesNotContain("@here", result, StringComparison.Ordinal);
        Assert.DoesNotContain("@channel", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_HtmlInLink_Escaped()
    {
        var result = MarkdownToMrkdwn.Convert("[<b>x</b>|y](https://docs.aws.amazon.com/a)");

        Assert.StartsWith("<https://docs.aws.amazon.com/a|", result, StringComparison.Ordinal);
        Assert.Equal(2, result.Count(c => c is '<' or '>'));
    }
}

public sealed class AnswerSplitterTests
{
    [Fact]
    public void Split_Short_OneChunk() => Assert.Equal(["hello"], AnswerSplitter.Split("hello"));

    [Fact]
    public void Split_LongCodeBlock_EveryChunkFitsAndClosesItsFence()
    {
        var text = "intro\n```\n" + string.Join('\n', Enumerable.Range(0, 400).Select(i => $"line {i} of the code")) + "\n```\noutro";

        var chunks = AnswerSplitter.Split(text, 1000);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.True(c.Length <= 1000, $"{c.Length}"));
        Assert.All(chunks, c => Assert.Equal(0, (c.Length - c.Replace("```", string.Empty, StringComparison.Ordinal).Length) / 3 % 2));
        Assert.Contains("line 399", string.Concat(chunks), StringComparison.Ordinal);
        Assert.EndsWith("outro", chunks[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_OneHugeLine_HardWrappedWithoutBreakingEntities()
    {
        var text = string.Concat(Enumerable.Repeat("a&amp;b ", 1000));

        var chunks = AnswerSplitter.Split(text, 500);

        Assert.All(chunks, c => Assert.True(c.Length <= 500));
        Assert.Equal(text.Replace("\n", string.Empty, StringComparison.Ordinal), string.Concat(chunks));
        Assert.All(chunks, c => Assert.DoesNotMatch("&(a|am|amp)?$", c));
    }
}

using SecHubBot.Core.Explain;
using SecHubBot.Core.Explain.Bedrock;

namespace SecHubBot.Core.Tests.Explain;

public class ExplanationParserTests
{
    private const string Valid = """
        {"summary":"S","why_it_matters":"W","fix_steps":["a","b"],"iac":{"code":"```hcl\nresource \"x\" \"y\" {}\n```"},
         "verify_steps":["v"],"references":[{"title":"Doc","url":"https://docs.aws.amazon.com/x"},{"title":"Bad","url":"javascript:alert(1)"},{"title":"Http","url":"http://example.com"}]}
        """;

    [Fact]
    public void Parse_JsonWrappedInFenceAndProse_ReadsItAndStripsCodeFences()
    {
        var explanation = ExplanationParser.Parse("Here you go:\n```json\n" + Valid + "\n```\nHope it helps.", IacFlavor.Terraform, "m");

        Assert.Equal("S", explanation.Summary);
        Assert.Equal(["a", "b"], explanation.FixSteps);
        Assert.Equal("resource \"x\" \"y\" {}", explanation.Iac!.Code);
        Assert.Equal(ExplanationSource.Model, explanation.Source);
        Assert.Equal("m", explanation.Model);
    }

    [Fact]
    public void Parse_NonHttpsReferences_AreDropped()
    {
        var explanation = ExplanationParser.Parse(Valid, IacFlavor.Terraform, "m");

        Assert.Equal("https://docs.aws.amazon.com/x", Assert.Single(explanation.References).Url);
    }

    [Fact]
    public void Parse_OverlongFields_AreBounded()
    {
        var longText = new string('x', 10_000);
        var steps = string.Join(',', Enumerable.Repeat("\"" + longText + "\"", 20));
        var answer = "{\"summary\":\"" + longText + "\",\"why_it_matters\":\"" + longText + "\",\"fix_steps\":[" + steps + "],\"iac\":{\"code\":\"" + longText + "\"}}";

        var explanation = ExplanationParser.Parse(answer, IacFlavor.Cdk, "m");

        Assert.Equal(ExplanationParser.MaxSummary, explanation.Summary.Length);
        Assert.Equal(ExplanationParser.MaxWhy, explanation.WhyItMatters.Length);
        Assert.Equal(ExplanationParser.MaxFixSteps, explanation.FixSteps.Count);
        Assert.All(explanation.FixSteps, s => Assert.Equal(ExplanationParser.MaxStep, s.Length));
        Assert.Equal(ExplanationParser.MaxIac, explanation.Iac!.Code.Length);
    }

    [Theory]
    [InlineData("no json here")]
    [InlineData("{\"why_it_matters\":\"W\",\"fix_steps\":[\"a\"]}")]
    [InlineData("{\"summary\":\"S\",\"why_it_matters\":\"W\",\"fix_steps\":[]}")]
    [InlineData("{\"summary\":\"S\",\"why_it_matters\":\"W\",\"fix_steps\":[\"a\"]")]
    public void Parse_InvalidAnswer_Throws(string answer) =>
        Assert.Throws<ExplanationFormatException>(() => ExplanationParser.Parse(answer, IacFlavor.Terraform, "m"));

    [Fact]
    public void Parse_ConsoleFlavor_DropsAnyCode()
    {
        var explanation = ExplanationParser.Parse(Valid, IacFlavor.Console, "m");

        Assert.Null(explanation.Iac);
        Assert.Equal(["a", "b"], explanation.FixSteps);
    }
}

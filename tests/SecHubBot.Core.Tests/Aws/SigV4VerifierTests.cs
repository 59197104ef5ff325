using System.Text;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Aws;

/// <summary>The fakes' verifier must itself be right: it is checked against the AWS SigV4 test-suite vectors.</summary>
public class SigV4VerifierTests
{
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly SigV4Verifier Suite = new(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, "us-east-1", "service");

    [Theory]
    [InlineData("GET", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("POST", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    public void Verify_TestSuiteVanillaVector_Accepts(string method, string signature)
    {
        var error = Suite.Verify(method, "/", Headers(signature), [], SuiteTime);

        Assert.Null(error);
    }

    [Fact]
    public void Verify_TamperedSignature_Rejects()
    {
        var error = Suite.Verify("GET", "/", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30"), [], SuiteTime);

        Assert.Contains("does not match", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BodyChangedAfterSigning_Rejects()
    {
        var error = Suite.Verify("POST", "/", Headers("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"), Encoding.UTF8.GetBytes("{}"), SuiteTime);

        Assert.NotNull(error);
    }

    [Fact]
    public void Verify_OldSignature_RejectsAsExpired()
    {
        var error = Suite.Verify("GET", "/", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), [], SuiteTime.AddHours(1));

        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/model/us.anthropic.claude-haiku-4-5-20251001-v1:0/invoke", "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke")]
    [InlineData("/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke", "/model/us.anthropic.claude-haiku-4-5-20251001-v1%253A0/invoke")]
    [InlineData("/findings/batchupdate", "/findings/batchupdate")]
    public void CanonicalUri_NonS3Path_EncodesEachSegmentOnceMore(string raw, string canonical) =>
        Assert.Equal(canonical, SigV4Verifier.CanonicalUri(raw));

    private static Dictionary<string, string[]> Headers(string signature) => new()
    {
        ["Host"] = ["example.amazonaws.com"],
        ["X-Amz-Date"] = ["20150830T123600Z"],
        ["Authorization"] = [$"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"],
    };
}

using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecHubBot.Bot.Transport.Http;

namespace SecHubBot.Bot.Tests.Transport;

public sealed class SlackRequestVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_531_420_618);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    [Fact]
    public void Verify_SlackDocumentationExample_IsValid()
    {
        // The worked example from Slack's "Verifying requests from Slack" page.
        var verifier = new SlackRequestVerifier(Secret, new FakeTimeProvider(Now));

        var result = verifier.Verify("1531420618", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", Body);

        Assert.Equal(SlackSignatureResult.Valid, result);
    }

    [Fact]
    public void Verify_TamperedBody_IsInvalidSignature()
    {
        var verifier = new SlackRequestVerifier(Secret, new FakeTimeProvider(Now));
        var signature = SlackRequestVerifier.ComputeSignature(Secret, "1531420618", Body);
        var tampered = Body.ToArray();
        tampered[^1] ^= 1;

        Assert.Equal(SlackSignatureResult.InvalidSignature, verifier.Verify("1531420618", signature, tampered));
    }

    [Fact]
    public void Verify_OtherSecret_IsInvalidSignature()
    {
        var verifier = new SlackRequestVerifier(Secret, new FakeTimeProvider(Now));
        var signature = SlackRequestVerifier.ComputeSignature("another-secret", "1531420618", Body);

        Assert.Equal(SlackSignatureResult.InvalidSignature, verifier.Verify("1531420618", signature, Body));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampOutsideFiveMinutes_IsStale(int offsetSeconds)
    {
        var time = new FakeTimeProvider(Now.AddSeconds(offsetSeconds));
        var verifier = new SlackRequestVerifier(Secret, time);
        var signature = SlackRequestVerifier.ComputeSignature(Secret, "1531420618", Body);

        Assert.Equal(SlackSignatureResult.StaleTimestamp, verifier.Verify("1531420618", signature, Body));
    }

    [Fact]
    public void Verify_TimestampJustInsideWindow_IsValid()
    {
        var verifier = new SlackRequestVerifier(Secret, new FakeTimeProvider(Now.AddSeconds(299)));
        var signature = SlackRequestVerifier.ComputeSignature(Secret, "1531420618", Body);

        Assert.Equal(SlackSignatureResult.Valid, verifier.Verify("1531420618", signature, Body));
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("", "v0=abc")]
    [InlineData("not-a-number", "v0=abc")]
    public void Verify_MissingOrUnreadableHeaders_IsMissingHeaders(string? timestamp, string? signature)
    {
        var verifier = new SlackRequestVerifier(Secret, new FakeTimeProvider(Now));

        Assert.Equal(SlackSignatureResult.MissingHeaders, verifier.Verify(timestamp, signature, Body));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var verifier = new SlackRequestVerifier(Secret);

        Assert.DoesNotContain(Secret, verifier.ToString(), StringComparison.Ordinal);
        Assert.Equal(1_531_420_618L.ToString(CultureInfo.InvariantCulture), Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }
}

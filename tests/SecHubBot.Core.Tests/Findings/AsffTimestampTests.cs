using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Tests.Findings;

public class AsffTimestampTests
{
    [Theory]
    [InlineData("2020-08-22T09:15:57Z", "2020-08-22T09:15:57.0000000+00:00")]
    [InlineData("2020-07-22T17:12:27.005Z", "2020-07-22T17:12:27.0050000+00:00")]
    [InlineData("2022-01-14T22:16:10.249009Z", "2022-01-14T22:16:10.2490090+00:00")]
    [InlineData("2022-08-05T22:29:18.549914-07:00", "2022-08-06T05:29:18.5499140+00:00")]
    [InlineData("2021-04-08T04:02:33.323297746Z", "2021-04-08T04:02:33.3232977+00:00")]
    public void TryParse_RealWorldFormats_ReadsUtcInstant(string text, string expected)
    {
        Assert.True(AsffTimestamp.TryParse(text, out var value));
        Assert.Equal(expected, value.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData(null)]
    public void TryParse_NotATimestamp_ReturnsFalse(string? text) => Assert.False(AsffTimestamp.TryParse(text, out _));
}

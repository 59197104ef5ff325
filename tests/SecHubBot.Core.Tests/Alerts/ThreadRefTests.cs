using SecHubBot.Core.Alerts;

namespace SecHubBot.Core.Tests.Alerts;

public class ThreadRefTests
{
    [Theory]
    [InlineData("C0123/1700000000.000100", true)]
    [InlineData("G01/1.2", true)]
    [InlineData(" C01 / 1.2 ", true)]
    [InlineData("C01/", false)]
    [InlineData("/1.2", false)]
    [InlineData("C01/abc", false)]
    [InlineData("C01/1.", false)]
    [InlineData("C 1/1.2", false)]
    [InlineData("c01/1.2", false)]
    [InlineData("C01/1.2/3.4", false)]
    [InlineData("<!channel>/1.2", false)]
    [InlineData(null, false)]
    public void TryParse_Value_ParsesOnlyChannelSlashTs(string? value, bool ok)
    {
        Assert.Equal(ok, ThreadRef.TryParse(value, out var thread));
        Assert.Equal(ok, thread is not null);
    }

    [Fact]
    public void ToString_ParsedRef_IsTheFieldValueAgain()
    {
        var thread = new ThreadRef("C0ALERTS", "1700000000.000100");

        Assert.Equal("C0ALERTS/1700000000.000100", thread.ToString());
        Assert.True(ThreadRef.TryParse(thread.ToString(), out var again));
        Assert.Equal(thread, again);
    }

    [Fact]
    public void TryParse_OverlongClaim_IsRejected()
    {
        Assert.False(ThreadRef.TryParse("C" + new string('0', 40) + "/1.2", out _));
        Assert.False(ThreadRef.TryParse("C01/1." + new string('0', 40), out _));
    }
}

using SecHubBot.Core.Routing;

namespace SecHubBot.Core.Tests.Routing;

public class AccountNamesTests
{
    private readonly AccountNames _names = new(new Dictionary<string, string> { ["111122223333"] = "prod-payments" });

    [Fact]
    public void Display_NamedAccount_NameThenId() => Assert.Equal("prod-payments (111122223333)", _names.Display("111122223333"));

    [Fact]
    public void Display_UnnamedAccount_TheId() => Assert.Equal("444455556666", _names.Display("444455556666"));

    [Fact]
    public void Display_NoAccount_Null() => Assert.Null(_names.Display(null));

    [Fact]
    public void NameOf_NamedAccount_TheName() => Assert.Equal("prod-payments", _names.NameOf("111122223333"));

    [Fact]
    public void Constructor_OptionsWithBlankName_LeavesTheAccountUnnamed()
    {
        var options = new AccountsOptions { ["111122223333"] = new AccountOptions { Name = "  prod-payments " }, ["444455556666"] = new AccountOptions { Name = " " } };

        var names = new AccountNames(Microsoft.Extensions.Options.Options.Create(options));

        Assert.Equal(("prod-payments", null), (names.NameOf("111122223333"), names.NameOf("444455556666")));
    }
}

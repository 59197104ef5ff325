using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecHubBot.Bot.Authorization;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Authorization;

public sealed class ApproverPolicyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SlackFake _slack = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackFake.StartAsync();
        _slack.AddUserGroup("S0TEAM", "U0MEMBER");
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task IsApprover_NoApproversConfigured_DeniesEveryone()
    {
        var policy = Policy([]);

        Assert.False(await policy.IsApproverAsync("U0ANYONE", CancellationToken.None));
        Assert.False(policy.IsConfigured);
    }

    [Fact]
    public async Task IsApprover_ListedUserOrGroupMember_Allowed_Others_Denied()
    {
        var policy = Policy(["U0LISTED", "S0TEAM"]);

        Assert.True(await policy.IsApproverAsync("U0LISTED", CancellationToken.None));
        Assert.True(await policy.IsApproverAsync("U0MEMBER", CancellationToken.None));
        Assert.False(await policy.IsApproverAsync("U0STRANGER", CancellationToken.None));
    }

    [Fact]
    public async Task IsApprover_GroupMembership_CachedForMinutesThenReadAgain()
    {
        var policy = Policy(["S0TEAM"]);

        await policy.IsApproverAsync("U0MEMBER", CancellationToken.None);
        await policy.IsApproverAsync("U0STRANGER", CancellationToken.None);
        Assert.Single(_slack.CallsTo("usergroups.users.list"));

        _slack.AddUserGroup("S0TEAM", "U0MEMBER", "U0NEWCOMER");
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.True(await policy.IsApproverAsync("U0NEWCOMER", CancellationToken.None));
        Assert.Equal(2, _slack.CallsTo("usergroups.users.list").Count);
    }

    [Fact]
    public async Task IsApprover_GroupLookupFails_Denied()
    {
        var policy = Policy(["S0GONE"]);

        Assert.False(await policy.IsApproverAsync("U0MEMBER", CancellationToken.None));
    }

    [Fact]
    public async Task IsApprover_LookupFailsAfterCacheDuration_RemovedMemberDenied()
    {
        var policy = Policy(["S0TEAM"]);
        Assert.True(await policy.IsApproverAsync("U0MEMBER", CancellationToken.None));

        // Removed from the group, and Slack fails every lookup from now on.
        _slack.AddUserGroup("S0TEAM");
        _slack.FailNext("usergroups.users.list", "fatal_error", count: 100);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(await policy.IsApproverAsync("U0MEMBER", CancellationToken.None));
        Assert.Single(_slack.CallsTo("usergroups.users.list"));

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.False(await policy.IsApproverAsync("U0MEMBER", CancellationToken.None));
        Assert.Equal(2, _slack.CallsTo("usergroups.users.list").Count);
    }

    [Theory]
    [InlineData("U1, S2;W3\nU1", new[] { "U1", "S2", "W3" })]
    [InlineData("", new string[0])]
    public void Parse_CommaOrSpaceSeparated_DistinctIds(string raw, string[] expected) =>
        Assert.Equal(expected, AuthorizationOptions.Parse([raw]));

    private ApproverPolicy Policy(IReadOnlyList<string> approvers) =>
        new(Options.Create(new AuthorizationOptions { Approvers = approvers }), _slack.CreateApiClient(), _time, NullLogger<ApproverPolicy>.Instance);
}

using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Actions;

/// <summary>A fact that needs dynalite: skipped with the reason when it is absent outside CI, never in CI.</summary>
public sealed class DynaliteFactAttribute : FactAttribute
{
    public DynaliteFactAttribute() => Skip = Dynalite.SkipReason;
}

/// <summary>The Bot on a DynamoDB store of record (dynalite on loopback), as in a deployment with Store:TableName.</summary>
public sealed class AlertActionApplierDynaliteTests
{
    private static readonly int[] Indexes = [21, 22, 23];

    [DynaliteFact]
    public async Task GroupResolve_StoreOnDynamoDb_MembersFromThreadItemAndStatusRecorded()
    {
        using var table = await Dynalite.CreateTableAsync("bot-actions", TimeProvider.System);
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:TableName"] = table.Options.TableName,
            ["Store:ServiceUrl"] = table.Options.ServiceUrl,
        });
        var members = Indexes.Select(i => FindingReader.Read(SyntheticFindings.Control(i)).Finding!).ToList();
        host.SecurityHub.Seed(Indexes.Select(i => SyntheticFindings.Control(i)));
        var explanation = await new OfflineExplainer().ExplainAsync(members[0], CancellationToken.None);
        var parentTs = (await host.Slack.CreateApiClient().PostMessageAsync(new AlertComposer().ComposeParent(AlertSubject.Group(members), explanation, SlackFake.DefaultChannel))).Ts;
        await host.RecordAlertAsync(SlackFake.DefaultChannel, parentTs, members.Select(m => m.Ref));
        await host.Slack.SocketMode.SendInteractiveAsync(SlackFakePayloads.BlockAction(
            AlertActionIds.ResolveGroup, GroupButtonValue.Encode(members.Count), SlackFake.DefaultChannel, parentTs, user: BotTestHost.Approver));
        var modal = (await host.Slack.WaitForCallsAsync("views.open", 1))[0].Body.GetProperty("view");

        Assert.Null(await host.SubmitReasonAsync(modal, "fixed", BotTestHost.Approver));

        await BotTestHost.Until(() => host.BotReplies(parentTs).Count == 1, "the audit reply");
        Assert.All(members, m => Assert.Equal("RESOLVED", (string?)host.SecurityHub.Find(m.Id)!["Workflow"]!["Status"]));
        var store = new DynamoDbStoreOfRecord(table.Client, table.Options.TableName!, table.Options, TimeProvider.System);
        var records = await store.GetManyAsync([.. members.Select(m => StoreKey.Finding(m.Ref, SlackFake.DefaultChannel))], CancellationToken.None);
        Assert.Equal(members.Count, records.Count);
        Assert.All(records.Values, r => Assert.Equal("resolved", r.Status));
    }
}

using SecHubBot.Core.Findings;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Ingest.Lambda;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>
/// Exactly-once against a real DynamoDB wire implementation (dynalite): several Ingest instances with their
/// own store clients, crashed claimants, redeliveries. SQS redelivers failed records; the tests do the same.
/// </summary>
public sealed class IngestRaceTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private DynaliteTable? _table;
    private IngestHarness _h = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_table is not null)
        {
            await _h.DisposeAsync();
            _table.Dispose();
        }
    }

    /// <summary>A fresh table and instances over it. The lease is long unless a test needs a crashed claim to lapse: a lease shorter than a post would let a second instance take over a live claim.</summary>
    private async Task StartAsync(TimeSpan? lease = null)
    {
        var claimLease = lease ?? new StoreOptions().ClaimLease;
        _table = await Dynalite.CreateTableAsync("ingest-race", TimeProvider.System, new StoreOptions { ClaimLease = claimLease });
        _h = await IngestHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Store:TableName"] = _table.TableName,
            ["Store:ServiceUrl"] = _table.Options.ServiceUrl,
            ["Store:ClaimLease"] = claimLease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Ingest:ClaimWait"] = "00:00:01",
        });
    }

    [DynaliteFact]
    public async Task Handle_ThreeInstancesSameHundredEventsAtOnce_ExactlyHundredThreads()
    {
        await StartAsync();
        var records = Enumerable.Range(0, 100).Select(i => ($"m{i}", _h.Seed(i, $"CTL.{i}").Event)).ToArray();
        IngestInvocationHandler[] instances = [_h.Handler, _h.NewInstance(), _h.NewInstance()];

        var failed = await Task.WhenAll(instances.Select(i => Task.Run(() => IngestHarness.InvokeSqsAsync(i, records))));
        await RedeliverUntilDoneAsync(instances, records, failed.SelectMany(f => f).ToHashSet(StringComparer.Ordinal));

        var parents = _h.Slack.Messages(IngestHarness.Channel);
        Assert.Equal(100, parents.Count);
        Assert.All(parents, p => Assert.Equal(2, _h.Slack.Thread(IngestHarness.Channel, p.Ts).Count));
        var threads = Enumerable.Range(0, 100).Select(i => _h.ThreadOf(SyntheticFindings.IdOf(i, $"CTL.{i}"))).ToList();
        Assert.Equal(100, threads.Distinct().Count());
        Assert.All(threads, t => Assert.Contains(parents, p => $"{IngestHarness.Channel}/{p.Ts}" == t));
    }

    [DynaliteFact]
    public async Task Handle_FourInstancesShuffledStormBatches_OneThreadPerControl()
    {
        await StartAsync();
        string[] controls = ["EC2.18", "S3.1", "IAM.6"];
        var records = Enumerable.Range(0, 60).Select(i => ($"m{i}", _h.Seed(i, controls[i % 3]).Event)).OrderBy(_ => Random.Shared.Next()).ToArray();
        IngestInvocationHandler[] instances = [_h.Handler, _h.NewInstance(), _h.NewInstance(), _h.NewInstance()];

        var failed = await Task.WhenAll(records.Chunk(10).Select((batch, n) => Task.Run(() => IngestHarness.InvokeSqsAsync(instances[n % 4], batch))));
        await RedeliverUntilDoneAsync(instances, records, failed.SelectMany(f => f).ToHashSet(StringComparer.Ordinal));

        var parents = _h.Slack.Messages(IngestHarness.Channel);
        Assert.Equal(3, parents.Count);
        Assert.All(parents, p => Assert.Equal(20, p.Metadata!.Value.GetProperty("event_payload").GetProperty("group_size").GetInt32()));
        Assert.Equal(3, Enumerable.Range(0, 60).Select(i => _h.ThreadOf(SyntheticFindings.IdOf(i, controls[i % 3]))).Distinct().Count());
    }

    [DynaliteFact]
    public async Task Handle_ClaimantKilledBetweenClaimAndPost_TakenOverAfterLeaseStillOneThread()
    {
        await StartAsync(Lease);
        var (id, evt) = _h.Seed(1, "CTL.1");
        var crashed = _table!.SeparateStore();
        Assert.NotNull(await crashed.TryClaimAsync(StoreKey.Finding(new FindingRef(id, SyntheticFindings.ProductArn), IngestHarness.Channel), null, CancellationToken.None));

        // While the dead claim's lease runs, no instance posts: the record is left for redelivery.
        Assert.Equal(["m1"], await _h.InvokeSqsAsync(("m1", evt)));
        Assert.Empty(_h.Slack.Messages(IngestHarness.Channel));

        var failed = await RedeliverAfterLeaseAsync(("m1", evt));

        Assert.Empty(failed);
        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        Assert.Equal(2, _h.Slack.Thread(IngestHarness.Channel, parent.Ts).Count);
        Assert.Empty(await IngestHarness.InvokeSqsAsync(_h.NewInstance(), ("m1", evt)));
        Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
    }

    [DynaliteFact]
    public async Task Handle_RedeliveryAfterSuccessToAnotherInstance_Silent()
    {
        await StartAsync();
        var (_, evt) = _h.Seed(1, "CTL.1");
        Assert.Empty(await _h.InvokeSqsAsync(("m1", evt)));
        var before = _h.Slack.Calls.Count;

        Assert.Empty(await IngestHarness.InvokeSqsAsync(_h.NewInstance(), ("m1", evt)));

        Assert.Equal(before, _h.Slack.Calls.Count);
        Assert.Equal(2, _h.Slack.Thread(IngestHarness.Channel, Assert.Single(_h.Slack.Messages(IngestHarness.Channel)).Ts).Count);
    }

    /// <summary>SQS's part: failed records come back (to any instance) until none fails; bounded.</summary>
    private static async Task RedeliverUntilDoneAsync(IngestInvocationHandler[] instances, (string Id, string Body)[] records, HashSet<string> failed)
    {
        for (var round = 0; failed.Count > 0; round++)
        {
            Assert.True(round < 10, $"{failed.Count} records still failing after 10 redeliveries");
            var again = records.Where(r => failed.Contains(r.Id)).ToArray();
            failed = [.. await IngestHarness.InvokeSqsAsync(instances[round % instances.Length], again)];
        }
    }

    /// <summary>Redelivers until the record succeeds, as SQS does after its visibility timeout; the claim lapses after the lease.</summary>
    private async Task<IReadOnlyList<string>> RedeliverAfterLeaseAsync((string Id, string Body) record)
    {
        var deadline = DateTimeOffset.UtcNow + Lease * 5;
        IReadOnlyList<string> failed;
        do
        {
            failed = await _h.InvokeSqsAsync(record);
        }
        while (failed.Count > 0 && DateTimeOffset.UtcNow < deadline);
        return failed;
    }
}

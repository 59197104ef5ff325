using System.Text;
using System.Text.Json;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Tests.Pipeline;

public sealed class IngestDeadlineTests
{
    [Fact]
    public async Task Handle_DeadlineWithinReserve_StartsNoAlertAndFailsTheRecords()
    {
        await using var h = await IngestHarness.StartAsync();
        var (id, evt) = h.Seed(1);
        var invocation = new Invocation("r1", Encoding.UTF8.GetBytes(IngestHarness.Sqs(("m1", evt)))) { Deadline = DateTimeOffset.UtcNow.AddSeconds(5) };

        var response = await h.Handler.HandleAsync(invocation, CancellationToken.None);

        using var body = JsonDocument.Parse(response);
        Assert.Equal("m1", Assert.Single(body.RootElement.GetProperty("batchItemFailures").EnumerateArray()).GetProperty("itemIdentifier").GetString());
        Assert.Empty(h.Slack.Calls);
        Assert.Equal("NEW", h.WorkflowOf(id));
    }
}

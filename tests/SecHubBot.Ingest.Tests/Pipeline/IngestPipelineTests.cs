using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Fakes.Aws;
using SecHubBot.Ingest.Lambda;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>The whole pipeline through the Lambda handler, against the Slack fake and the AWS fakes.</summary>
public sealed class IngestPipelineTests : IAsyncLifetime
{
    private IngestHarness _h = null!;

    public async Task InitializeAsync() => _h = await IngestHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Handle_OneFinding_OneThreadAndWriteBack()
    {
        var (id, evt) = _h.Seed(1);

        var failures = await _h.InvokeSqsAsync(("m1", evt));

        Assert.Empty(failures);
        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        var thread = _h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(2, thread.Count);
        var firstReply = thread[1].Blocks!.Value.GetRawText();
        Assert.Contains("\"feedback_buttons\"", firstReply, StringComparison.Ordinal);
        Assert.Contains($"\"fix_cdk|{parent.Ts}\"", firstReply.Replace("\\u007C", "|", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal($"{IngestHarness.Channel}/{parent.Ts}", _h.ThreadOf(id));
        Assert.Equal("NOTIFIED", _h.WorkflowOf(id));
        Assert.Empty(_h.Hub.ModelViolations);
    }

    [Fact]
    public async Task Handle_SameEventDeliveredThreeTimes_OneThread()
    {
        var (id, evt) = _h.Seed(1);

        Assert.Empty(await _h.InvokeSqsAsync(("m1", evt), ("m2", evt)));
        Assert.Empty(await _h.InvokeSqsAsync(("m3", evt)));

        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        Assert.Equal(2, _h.Slack.Thread(IngestHarness.Channel, parent.Ts).Count);
        Assert.Equal(2, _h.Slack.CallsTo("chat.postMessage").Count);
        Assert.NotNull(_h.ThreadOf(id));
    }

    [Fact]
    public async Task Handle_WriteBackNotVisibleYet_RedeliveryStillOneThread()
    {
        // Security Hub applies BatchUpdateFindings asynchronously; here it never shows the write-back at all.
        var (id, evt) = _h.Seed(1);
        _h.Hub.UnprocessedIds[id] = "FindingNotFound";

        Assert.Empty(await _h.InvokeSqsAsync(("m1", evt)));
        Assert.Empty(await _h.InvokeSqsAsync(("m2", evt)));

        Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        Assert.Null(_h.ThreadOf(id));
    }

    [Fact]
    public async Task Handle_OwnNotifiedUpdateArrivesAsEvent_PostsNothing()
    {
        var (id, evt) = _h.Seed(1);
        await _h.InvokeSqsAsync(("m1", evt));
        var calls = _h.Slack.Calls.Count;

        var failures = await _h.InvokeSqsAsync(("echo", _h.EventOfCurrent(id)));

        Assert.Empty(failures);
        Assert.Equal(calls, _h.Slack.Calls.Count);
    }

    [Fact]
    public async Task Handle_ResolvedInConsole_RepliesInThreadAndUpdatesParent()
    {
        var (id, evt) = _h.Seed(1);
        await _h.InvokeSqsAsync(("m1", evt));
        _h.Hub.Change(id, f => f["Workflow"] = new JsonObject { ["Status"] = "RESOLVED" });

        Assert.Empty(await _h.InvokeSqsAsync(("m2", _h.EventOfCurrent(id))));

        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        var thread = _h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(3, thread.Count);
        Assert.Contains("was resolved", thread[^1].Text, StringComparison.Ordinal);
        Assert.Equal(1, parent.Updates);
        Assert.Equal("resolved", parent.Metadata!.Value.GetProperty("event_payload").GetProperty("status").GetString());
        Assert.Contains(AlertIds.Reopen, parent.Blocks!.Value.GetRawText(), StringComparison.Ordinal);

        // The echo of our own status write-back is silent.
        var calls = _h.Slack.Calls.Count;
        Assert.Empty(await _h.InvokeSqsAsync(("m3", _h.EventOfCurrent(id))));
        Assert.Equal(calls, _h.Slack.Calls.Count);
    }

    [Fact]
    public async Task Handle_PassedThenFailedAgain_RepliesInTheSameThread()
    {
        var (id, evt) = _h.Seed(1);
        await _h.InvokeSqsAsync(("m1", evt));

        _h.Hub.Change(id, f =>
        {
            f["Compliance"]!["Status"] = "PASSED";
            f["Workflow"] = new JsonObject { ["Status"] = "RESOLVED" };
        });
        Assert.Empty(await _h.InvokeSqsAsync(("passed", _h.EventOfCurrent(id))));
        _h.Hub.Change(id, f =>
        {
            f["Compliance"]!["Status"] = "FAILED";
            f["Workflow"] = new JsonObject { ["Status"] = "NEW" };
        });
        Assert.Empty(await _h.InvokeSqsAsync(("failed", _h.EventOfCurrent(id))));

        var parent = Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        var thread = _h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(4, thread.Count);
        Assert.Contains("passes the control check", thread[2].Text, StringComparison.Ordinal);
        Assert.Contains("failed again", thread[3].Text, StringComparison.Ordinal);
        Assert.Equal("NOTIFIED", _h.WorkflowOf(id));
        Assert.Equal(2, parent.Updates);
    }

    [Fact]
    public async Task Handle_SlackErrorForOneRecord_OnlyThatRecordFailsAndIsNotMarked()
    {
        var (failingId, failingEvent) = _h.Seed(1, "EC2.18");
        var (okId, okEvent) = _h.Seed(2, "S3.1");
        _h.Slack.ServerErrorNext("chat.postMessage", 500);

        var failures = await _h.InvokeSqsAsync(("bad", failingEvent), ("good", okEvent));

        Assert.Equal(["bad"], failures);
        Assert.Null(_h.ThreadOf(failingId));
        Assert.Equal("NEW", _h.WorkflowOf(failingId));
        Assert.Equal("NOTIFIED", _h.WorkflowOf(okId));

        // SQS redelivers only the failed record: now it posts, and still one thread each.
        Assert.Empty(await _h.InvokeSqsAsync(("bad", failingEvent)));
        Assert.Equal(2, _h.Slack.Messages(IngestHarness.Channel).Count);
        Assert.NotNull(_h.ThreadOf(failingId));
    }

    [Fact]
    public async Task Handle_FirstReplyFails_RetryPostsOnlyTheReplyInTheSameThread()
    {
        await using var h = await IngestHarness.StartAsync(failFirstReply: true);
        var (id, evt) = h.Seed(1);

        Assert.Equal(["m1"], await h.InvokeSqsAsync(("m1", evt)));
        Assert.Equal("NEW", h.WorkflowOf(id));
        Assert.NotNull(h.ThreadOf(id));

        Assert.Empty(await h.InvokeSqsAsync(("m1", evt)));

        var parent = Assert.Single(h.Slack.Messages(IngestHarness.Channel));
        var thread = h.Slack.Thread(IngestHarness.Channel, parent.Ts);
        Assert.Equal(2, thread.Count);
        Assert.Contains("How to fix", thread[1].Text, StringComparison.Ordinal);
        Assert.Equal("NOTIFIED", h.WorkflowOf(id));
    }

    [Fact]
    public async Task Handle_WriteBackDenied_PostedRecordNotRetried()
    {
        // Retrying would post the alert a second time; the failure is logged instead.
        var (id, evt) = _h.Seed(1);
        _h.Hub.DeniedOperations["BatchUpdateFindings"] = true;

        Assert.Empty(await _h.InvokeSqsAsync(("m1", evt)));

        Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
        Assert.Equal("NEW", _h.WorkflowOf(id));
    }

    [Fact]
    public async Task Handle_PoisonRecord_ReportedForTheDlqWhileOthersPost()
    {
        var (_, evt) = _h.Seed(1);

        var failures = await _h.InvokeSqsAsync(("poison", "{\"not\":\"a finding\"}"), ("good", evt));

        Assert.Equal(["poison"], failures);
        Assert.Single(_h.Slack.Messages(IngestHarness.Channel));
    }

    [Fact]
    public async Task Handle_DirectEventThatFails_Throws()
    {
        var (_, evt) = _h.Seed(1);
        _h.Slack.ServerErrorNext("chat.postMessage", 500);

        await Assert.ThrowsAsync<IngestFailedException>(() => _h.InvokeAsync(evt));
    }

    [Fact]
    public async Task Handle_SecurityHubDown_WholeBatchRetriedAndNothingPosted()
    {
        var (_, evt) = _h.Seed(1);
        _h.Hub.DeniedOperations["GetFindings"] = true;

        var failures = await _h.InvokeSqsAsync(("m1", evt), ("m2", evt));

        Assert.Equal(["m1"], failures); // m2 carried a duplicate of m1's finding; m1 carries it back
        Assert.Empty(_h.Slack.Calls);
    }
}

/// <summary>Short aliases for assertions.</summary>
internal static class AlertIds
{
    public const string Reopen = Core.Alerts.AlertActionIds.Reopen;
}

using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Tests.Alerts;

public class AlertStateTests
{
    private static readonly DateTimeOffset Noted = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Updated = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_ClosedFindingWithANote_TheNoteIsWhoWhenAndWhy()
    {
        var finding = AlertComposerStateTests.Control(1) with
        {
            Workflow = WorkflowStatus.Suppressed,
            UpdatedAt = Updated,
            Note = new FindingNote("accepted risk", "arn:aws:iam::123456789012:user/ops", Noted),
        };

        var state = AlertState.Of(finding);

        Assert.Equal((AlertStatus.Suppressed, "arn:aws:iam::123456789012:user/ops", (DateTimeOffset?)Noted, "accepted risk"), (state.Status, state.By, state.At, state.Reason));
        Assert.True(state.ByPerson);
    }

    [Fact]
    public void Of_PassedWithoutANote_ReportedBySecurityHubAtItsLastUpdate()
    {
        var finding = AlertComposerStateTests.Control(1) with { Workflow = WorkflowStatus.Resolved, Compliance = ComplianceStatus.Passed, UpdatedAt = Updated, Note = null };

        var state = AlertState.Of(finding);

        Assert.Equal((AlertStatus.Passed, (string?)null, (DateTimeOffset?)Updated, (string?)null), (state.Status, state.By, state.At, state.Reason));
        Assert.False(state.ByPerson);
    }

    [Fact]
    public void ChangedBy_GroupReach_CompleteOnlyWhenEveryMemberIsInTheState()
    {
        var partial = AlertState.ChangedBy(AlertStatus.Resolved, "Ana", Noted, "done", new GroupChangeCounts(2, 3, 5));
        var full = partial with { Reach = new GroupChangeCounts(2, 5, 5) };

        Assert.False(partial.Reach!.Complete);
        Assert.True(full.Reach!.Complete);
    }
}

using System.Text.Json;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Core.Tests.Alerts;

public class AlertStatusesTests
{
    [Theory]
    [InlineData(WorkflowStatus.New, ComplianceStatus.Failed, RecordState.Active, AlertStatus.Open)]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, RecordState.Active, AlertStatus.Open)]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.None, RecordState.Active, AlertStatus.Open)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Failed, RecordState.Active, AlertStatus.Resolved)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.Passed, RecordState.Active, AlertStatus.Passed)]
    [InlineData(WorkflowStatus.Suppressed, ComplianceStatus.Passed, RecordState.Active, AlertStatus.Suppressed)]
    [InlineData(WorkflowStatus.Suppressed, ComplianceStatus.Failed, RecordState.Archived, AlertStatus.Suppressed)]
    [InlineData(WorkflowStatus.Notified, ComplianceStatus.Failed, RecordState.Archived, AlertStatus.Archived)]
    [InlineData(WorkflowStatus.Resolved, ComplianceStatus.None, RecordState.Archived, AlertStatus.Archived)]
    public void Of_SecurityHubState_IsTheStatusAReaderCaresAbout(WorkflowStatus workflow, ComplianceStatus compliance, RecordState record, AlertStatus expected)
    {
        Assert.Equal(expected, AlertStatuses.Of(Finding(workflow, compliance, record)));
    }

    [Theory]
    [InlineData(AlertStatus.Open, WorkflowStatus.Notified)]
    [InlineData(AlertStatus.Resolved, WorkflowStatus.Resolved)]
    [InlineData(AlertStatus.Suppressed, WorkflowStatus.Suppressed)]
    public void WorkflowToSet_PersonsAction_SecurityHubReadsItBackAsTheSameStatus(AlertStatus status, WorkflowStatus workflow)
    {
        Assert.Equal(workflow, status.WorkflowToSet());
        var failing = Finding(WorkflowStatus.New, ComplianceStatus.Failed, RecordState.Active);

        Assert.Equal(status, AlertStatuses.Of(failing with { Workflow = status.WorkflowToSet()!.Value }));
    }

    [Theory]
    [InlineData(AlertStatus.Passed)]
    [InlineData(AlertStatus.Archived)]
    public void WorkflowToSet_SecurityHubsOwnStatus_IsNothingAPersonSets(AlertStatus status)
    {
        Assert.Null(status.WorkflowToSet());
    }

    [Theory]
    [InlineData(AlertStatus.Open, "open")]
    [InlineData(AlertStatus.Resolved, "resolved")]
    [InlineData(AlertStatus.Suppressed, "suppressed")]
    [InlineData(AlertStatus.Passed, "passed")]
    [InlineData(AlertStatus.Archived, "archived")]
    public void ToWire_EveryStatus_OneWordThatReadsBack(AlertStatus status, string word)
    {
        Assert.Equal(word, status.ToWire());
        Assert.Equal(status, AlertStatuses.FromWire(word));
    }

    [Fact]
    public void ToWire_AllStatuses_WordsAreDistinct()
    {
        Assert.Equal(AlertStatuses.All.Count, AlertStatuses.All.Select(s => s.ToWire()).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("NEW", AlertStatus.Open)]
    [InlineData("NOTIFIED", AlertStatus.Open)]
    [InlineData("RESOLVED", AlertStatus.Resolved)]
    [InlineData("SUPPRESSED", AlertStatus.Suppressed)]
    [InlineData(" Resolved ", AlertStatus.Resolved)]
    public void FromWire_ValuesOfAlertsPostedBeforeTheVocabulary_StillRead(string old, AlertStatus expected)
    {
        Assert.Equal(expected, AlertStatuses.FromWire(old));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("closed")]
    [InlineData("")]
    [InlineData(null)]
    public void FromWire_PendingOrUnknown_IsNull(string? value)
    {
        Assert.Null(AlertStatuses.FromWire(value));
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Metadata_StatusWrittenByTheComposer_ReadsBackFromSlacksCopy(AlertStatus status)
    {
        var metadata = AlertSubject.MetadataOf(Finding(WorkflowStatus.New, ComplianceStatus.Failed, RecordState.Active)) with { Status = status.ToWire() };

        var read = AsSlackReturnsIt(JsonSerializer.Serialize(metadata, SlackJson.Context.FindingAlertMetadata));

        Assert.Equal(status, AlertStatuses.FromWire(read.Status));
        Assert.Equal("asff", read.Schema);
    }

    [Fact]
    public void Metadata_PostedByAnOlderBuild_ReadsItsUpperCaseStatus()
    {
        var read = AsSlackReturnsIt("""
            {"finding_id":"arn:aws:securityhub:us-east-1:111122223333:security-control/EC2.18/finding/abc",
             "product_arn":"arn:aws:securityhub:us-east-1::product/aws/securityhub",
             "control_id":"EC2.18","account_id":"111122223333","region":"us-east-1","severity":"HIGH","status":"RESOLVED"}
            """);

        Assert.Equal(AlertStatus.Resolved, AlertStatuses.FromWire(read.Status));
        Assert.Null(read.Schema);
        Assert.Equal("EC2.18", read.ControlId);
    }

    public static TheoryData<AlertStatus> Statuses() => new(AlertStatuses.All);

    private static FindingAlertMetadata AsSlackReturnsIt(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var metadata = new ConversationMessageMetadata { EventType = FindingAlertMetadata.EventType, EventPayload = json.RootElement.Clone() };
        return metadata.AsFindingAlert()!;
    }

    private static Finding Finding(WorkflowStatus workflow, ComplianceStatus compliance, RecordState record) => new()
    {
        Id = "arn:aws:securityhub:us-east-1:111122223333:security-control/EC2.18/finding/abc",
        ProductArn = "arn:aws:securityhub:us-east-1::product/aws/securityhub",
        Title = "EC2.18 Security groups should only allow unrestricted incoming traffic for authorized ports",
        Severity = new FindingSeverity(SeverityLabel.High, 70, null),
        Workflow = workflow,
        Compliance = compliance,
        RecordState = record,
    };
}

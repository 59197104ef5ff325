using System.Text.Json.Nodes;
using SecHubBot.Core.Findings;
using SecHubBot.Fakes;
using SecHubBot.Fakes.EventBridge;
using SecHubBot.Fakes.Yaml;

namespace SecHubBot.Ingest.Tests.Deploy;

public class IngestStackTemplateTests
{
    private static readonly JsonObject Template = YamlJson.Load(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "ingest-stack.yaml")))!.AsObject();
    private static readonly JsonObject Resources = Template["Resources"]!.AsObject();

    private static JsonObject Properties(string resource) => Resources[resource]!["Properties"]!.AsObject();

    [Fact]
    public void Function_RunsTheCustomRuntimeFromSqsWithPartialBatchFailures()
    {
        var function = Properties("IngestFunction");
        Assert.Equal("AWS::Serverless::Function", Resources["IngestFunction"]!["Type"]!.GetValue<string>());
        Assert.Equal("provided.al2023", function["Runtime"]!.GetValue<string>());
        Assert.Equal("bootstrap", function["Handler"]!.GetValue<string>());

        var sqs = function["Events"]!["Findings"]!;
        Assert.Equal("SQS", sqs["Type"]!.GetValue<string>());
        Assert.Equal("ReportBatchItemFailures", sqs["Properties"]!["FunctionResponseTypes"]![0]!.GetValue<string>());
        Assert.True(sqs["Properties"]!["MaximumBatchingWindowInSeconds"]!.GetValue<long>() > 0);
    }

    [Fact]
    public void Queue_HasDeadLetterQueueAndOutlivesTheFunctionTimeout()
    {
        var queue = Properties("FindingsQueue");
        var timeout = Properties("IngestFunction")["Timeout"]!.GetValue<long>();

        Assert.Equal("DeadLetterQueue.Arn", queue["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]!.GetValue<string>());
        Assert.InRange(queue["RedrivePolicy"]!["maxReceiveCount"]!.GetValue<long>(), 2, 10);
        Assert.True(queue["VisibilityTimeout"]!.GetValue<long>() >= 6 * timeout);
    }

    [Fact]
    public void Policies_GrantOnlyWhatIngestCalls()
    {
        var statements = Properties("IngestFunction")["Policies"]![0]!["Statement"]!.AsArray();
        var actions = statements.SelectMany(s => s!["Action"] is JsonArray list ? list.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()]).Order().ToArray();

        Assert.Equal(
            [
                "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "dynamodb:BatchGetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "secretsmanager:GetSecretValue", "securityhub:BatchUpdateFindings", "securityhub:GetFindings",
            ],
            actions);
        Assert.DoesNotContain(statements, s => s!["Resource"]!.ToJsonString() == "\"*\"");
        var bedrock = statements.Single(s => s!["Sid"]!.GetValue<string>() == "ExplainWithTheConfiguredModelOnly")!["Resource"]!.ToJsonString();
        Assert.Contains("inference-profile/${AlertInferenceProfileId}", bedrock, StringComparison.Ordinal);
        Assert.Contains("foundation-model/${AlertFoundationModelId}", bedrock, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreTable_HasTheDesignSchemaOnDemandTtlAndPointInTimeRecovery()
    {
        var table = Properties("StoreTable");

        Assert.Equal("AWS::DynamoDB::Table", Resources["StoreTable"]!["Type"]!.GetValue<string>());
        Assert.Equal("Retain", Resources["StoreTable"]!["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("PAY_PER_REQUEST", table["BillingMode"]!.GetValue<string>());
        var key = Assert.Single(table["KeySchema"]!.AsArray());
        Assert.Equal("pk", key!["AttributeName"]!.GetValue<string>());
        Assert.Equal("HASH", key["KeyType"]!.GetValue<string>());
        var attribute = Assert.Single(table["AttributeDefinitions"]!.AsArray());
        Assert.Equal("pk", attribute!["AttributeName"]!.GetValue<string>());
        Assert.Equal("S", attribute["AttributeType"]!.GetValue<string>());
        Assert.Equal("expires_at", table["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>());
        Assert.True(table["TimeToLiveSpecification"]!["Enabled"]!.GetValue<bool>());
        Assert.True(table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
        Assert.Null(table["GlobalSecondaryIndexes"]);
    }

    [Fact]
    public void StorePolicy_ItemCallsOnTheTableOnlyAndTheFunctionKnowsItsName()
    {
        var statement = Properties("IngestFunction")["Policies"]![0]!["Statement"]!.AsArray()
            .Single(s => s!["Action"]!.ToJsonString().Contains("dynamodb:", StringComparison.Ordinal))!;
        var variables = Properties("IngestFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("StoreTable.Arn", statement["Resource"]!["Fn::GetAtt"]!.GetValue<string>());
        Assert.Equal("StoreTable", variables["Store__TableName"]!["Ref"]!.GetValue<string>());
        Assert.Equal("StoreTable", Template["Outputs"]!["StoreTableName"]!["Value"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void RoutingSettings_ParameterReachesTheFunctionAsJsonSettings()
    {
        var variables = Properties("IngestFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal("RoutingSettings", variables[SecHubBot.Ingest.Hosting.IngestHost.SettingsVariable]!["Ref"]!.GetValue<string>());
        Assert.Equal("{}", Template["Parameters"]!["RoutingSettings"]!["Default"]!.GetValue<string>());
    }

    [Fact]
    public void SlackToken_ComesFromSecretsManagerNotTheEnvironment()
    {
        var variables = Properties("IngestFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.True(variables.ContainsKey("Slack__BotTokenSecretArn"));
        Assert.DoesNotContain(variables, v => v.Key.Contains("BotToken", StringComparison.Ordinal) && !v.Key.EndsWith("SecretArn", StringComparison.Ordinal));
    }

    [Fact]
    public void QueuePolicy_AcceptsOnlyOurRule()
    {
        var statement = Properties("FindingsQueuePolicy")["PolicyDocument"]!["Statement"]![0]!;

        Assert.Equal("events.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal("FindingsRule.Arn", statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]!["Fn::GetAtt"]!.GetValue<string>());
    }

    public static TheoryData<string> SamplesWithFindings() => new(SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings));

    /// <summary>
    /// The rule forwards exactly what the filter policy (at HIGH) would alert on, plus findings that
    /// already carry our thread ref. Every sample finding is wrapped in an Imported event as
    /// Security Hub sends it (one finding per event).
    /// </summary>
    [Theory]
    [MemberData(nameof(SamplesWithFindings))]
    public void Rule_MatchesExactlyTheFindingsThatAlertOrHaveAThread(string path)
    {
        var pattern = Properties("FindingsRule")["EventPattern"]!;
        var policy = new FilterPolicy(SeverityLabel.High);
        var json = File.ReadAllText(path);
        var raw = SampleFiles.RawFindings(json);
        foreach (var incoming in FindingInputReader.Read(json).Findings)
        {
            var finding = AsImported(incoming.Finding, raw[incoming.Finding.Id]);
            var expected = policy.Evaluate(incoming.Finding).ShouldAlert || incoming.Finding.UserDefinedFields.ContainsKey("sechubbot:thread");

            Assert.True(expected == EventPatternMatcher.Matches(pattern, Imported(finding)), $"{incoming.Finding.Id}: expected match {expected}");

            finding["UserDefinedFields"] = new JsonObject { ["sechubbot:thread"] = "C0123/1700000000.000100" };
            Assert.True(EventPatternMatcher.Matches(pattern, Imported(finding)), $"{incoming.Finding.Id} with a thread ref must match");
        }
    }

    [Fact]
    public void Rule_SamplesIncludeBothMatchesAndNonMatches()
    {
        var pattern = Properties("FindingsRule")["EventPattern"]!;
        var results = SampleFiles.AllPaths().Where(SampleFiles.HoldsFindings)
            .Select(File.ReadAllText)
            .SelectMany(json =>
            {
                var raw = SampleFiles.RawFindings(json);
                return FindingInputReader.Read(json).Findings.Select(f => AsImported(f.Finding, raw[f.Finding.Id]));
            })
            .Select(finding => EventPatternMatcher.Matches(pattern, Imported(finding)))
            .ToArray();

        Assert.Contains(true, results);
        Assert.Contains(false, results);
    }

    [Fact]
    public void Rule_IgnoresOtherDetailTypes()
    {
        var pattern = Properties("FindingsRule")["EventPattern"]!;
        var evt = JsonNode.Parse(SampleFiles.ReadBundled("securityhub-insight-results-event.json"));

        Assert.False(EventPatternMatcher.Matches(pattern, evt));
    }

    /// <summary>
    /// The finding as Security Hub stores and sends it: on import it fills Workflow.Status (NEW),
    /// RecordState (ACTIVE) and Severity.Label when the writer left them out (Trivy, JFrog and
    /// 2019-era findings do).
    /// </summary>
    private static JsonNode AsImported(Finding parsed, JsonObject written)
    {
        var finding = written.DeepClone().AsObject();
        if (finding["Workflow"]?["Status"] is null)
        {
            finding["Workflow"] = new JsonObject { ["Status"] = parsed.Workflow.ToString().ToUpperInvariant() };
        }

        finding["RecordState"] ??= "ACTIVE";
        if (finding["Severity"] is not JsonObject severity)
        {
            finding["Severity"] = severity = new JsonObject();
        }

        severity["Label"] ??= parsed.Severity.LabelText;
        return finding;
    }

    private static JsonObject Imported(JsonNode finding) => new()
    {
        ["version"] = "0",
        ["detail-type"] = "Security Hub Findings - Imported",
        ["source"] = "aws.securityhub",
        ["account"] = "111122223333",
        ["region"] = "us-east-1",
        ["detail"] = new JsonObject { ["findings"] = new JsonArray(finding.DeepClone()) },
    };
}

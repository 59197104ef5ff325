using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.SecurityHub;

public sealed class SecurityHubClientTests : SecurityHubFakeTests
{
    private const string ThreadKey = "sechubbot:thread";

    [Fact]
    public async Task GetFindingsByIdsAsync_45Ids_SendsSignedBatchesOfAtMost20()
    {
        Fake.Seed(Enumerable.Range(0, 40).Select(i => SyntheticFindings.Control(i)));
        var ids = Enumerable.Range(0, 45).Select(i => SyntheticFindings.IdOf(i)).ToList();

        var findings = await Client.GetFindingsByIdsAsync(ids);

        Assert.Equal(40, findings.Count);
        Assert.Equal(3, Fake.Requests.Count);
        Assert.All(Fake.Requests, r =>
        {
            Assert.Null(r.SignatureError);
            Assert.Equal("POST", r.Method);
            Assert.Equal("/findings", r.RawTarget);
            using var body = JsonDocument.Parse(r.Body);
            Assert.InRange(body.RootElement.GetProperty("Filters").GetProperty("Id").GetArrayLength(), 1, 20);
            Assert.Equal("EQUALS", body.RootElement.GetProperty("Filters").GetProperty("Id")[0].GetProperty("Comparison").GetString());
        });
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task GetFindingsByIdsAsync_BundledSamples_ReadsThemBackAsFindings()
    {
        Fake.SeedFromSamples("securityhub-afsbp-s3.1-finding.json", "guardduty-ec2-iam-findings-wrapper-4.json");
        var wanted = FindingInputReader.Read(File.ReadAllText(Path.Combine(Fakes.RepoPaths.BundledSamples, "guardduty-ec2-iam-findings-wrapper-4.json")))
            .Findings.Select(f => f.Finding.Ref).ToList();

        var findings = await Client.GetFindingsByIdsAsync(wanted);

        Assert.Equal(wanted.ToHashSet(), findings.Select(f => f.Ref).ToHashSet());
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task GetFindingsByUserDefinedFieldAsync_MoreThanOnePage_FollowsNextToken()
    {
        var thread = new Dictionary<string, string> { [ThreadKey] = "C0123/1700000000.000100" };
        Fake.Seed(Enumerable.Range(0, 230).Select(i => SyntheticFindings.Control(i, userDefinedFields: thread)));
        Fake.Seed(Enumerable.Range(1000, 20).Select(i => SyntheticFindings.Control(i)));

        var findings = new List<Finding>();
        await foreach (var finding in Client.GetFindingsByUserDefinedFieldAsync(ThreadKey, "C0123/1700000000.000100"))
        {
            findings.Add(finding);
        }

        Assert.Equal(230, findings.Count);
        Assert.Equal(3, Fake.GetFindingsCalls);
        using var second = JsonDocument.Parse(Fake.Requests[1].Body);
        Assert.Equal(JsonValueKind.String, second.RootElement.GetProperty("NextToken").ValueKind);
        Assert.Equal(100, second.RootElement.GetProperty("MaxResults").GetInt32());
        var filter = second.RootElement.GetProperty("Filters").GetProperty("UserDefinedFields")[0];
        Assert.Equal(ThreadKey, filter.GetProperty("Key").GetString());
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task BatchUpdateFindingsAsync_250Findings_SendsCallsOf100AndAppliesEveryField()
    {
        Fake.Seed(Enumerable.Range(0, 250).Select(i => SyntheticFindings.Control(i)));
        var refs = Enumerable.Range(0, 250).Select(i => new FindingRef(SyntheticFindings.IdOf(i), SyntheticFindings.ProductArn)).ToList();

        var result = await Client.BatchUpdateFindingsAsync(new BatchUpdateFindingsRequest
        {
            Findings = refs,
            Workflow = WorkflowStatus.Notified,
            Note = new FindingNoteUpdate("Posted to Slack", "sechubbot"),
            UserDefinedFields = new Dictionary<string, string> { [ThreadKey] = "C0123/1700000000.000100" },
        });

        Assert.True(result.AllProcessed);
        Assert.Equal(250, result.Processed.Count);
        Assert.Equal(3, Fake.BatchUpdateCalls);
        Assert.All(Fake.Requests, r => Assert.Equal(("PATCH", "/findings/batchupdate"), (r.Method, r.RawTarget)));
        var stored = Fake.Find(SyntheticFindings.IdOf(249))!;
        Assert.Equal("NOTIFIED", (string?)stored["Workflow"]!["Status"]);
        Assert.Equal("sechubbot", (string?)stored["Note"]!["UpdatedBy"]);
        Assert.Equal("C0123/1700000000.000100", (string?)stored["UserDefinedFields"]![ThreadKey]);
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task BatchUpdateFindingsAsync_SomeFindingsRefused_ReportsEachWithItsErrorCode()
    {
        Fake.Seed(Enumerable.Range(0, 3).Select(i => SyntheticFindings.Control(i)));
        Fake.UnprocessedIds[SyntheticFindings.IdOf(1)] = "ConcurrentUpdateError";
        var refs = Enumerable.Range(0, 4).Select(i => new FindingRef(SyntheticFindings.IdOf(i), SyntheticFindings.ProductArn)).ToList();

        var result = await Client.BatchUpdateFindingsAsync(new BatchUpdateFindingsRequest { Findings = refs, Workflow = WorkflowStatus.Resolved });

        Assert.Equal([refs[0], refs[2]], result.Processed);
        Assert.Equal(2, result.Unprocessed.Count);
        Assert.Contains(result.Unprocessed, u => u.Finding == refs[1] && u.ErrorCode == "ConcurrentUpdateError");
        Assert.Contains(result.Unprocessed, u => u.Finding == refs[3] && u.ErrorCode == "FindingNotFound");
    }

    [Fact]
    public async Task GetFindingsPageAsync_ThrottledThenServerError_RetriesAndSignsEveryAttemptAfresh()
    {
        Fake.Seed([SyntheticFindings.Control(1)]);
        Fake.ThrottleNext(2);
        Fake.FailNext(1);

        var page = await Client.GetFindingsPageAsync(new FindingFilters { Id = [new StringFilter(SyntheticFindings.IdOf(1))] });

        Assert.Single(page.Findings);
        Assert.Equal(4, Fake.Requests.Count);
        Assert.All(Fake.Requests, r =>
        {
            Assert.Null(r.SignatureError);
            Assert.DoesNotContain(",", r.Headers["X-Amz-Date"], StringComparison.Ordinal);
            Assert.DoesNotContain(",", r.Headers["Authorization"].Replace(", ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task GetFindingsPageAsync_FirstAttemptHangs_TimesOutAndRetries()
    {
        Fake.Seed([SyntheticFindings.Control(1)]);
        Fake.DelayNext(1, TimeSpan.FromSeconds(5));
        await using var services = AwsTestServices.SecurityHub(Fake, attemptTimeout: "00:00:00.300");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var page = await services.GetRequiredService<SecurityHubClient>().GetFindingsPageAsync(new FindingFilters());

        Assert.Single(page.Findings);
        Assert.Equal(2, Fake.Requests.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task GetFindingsPageAsync_ThrottledPastRetries_ThrowsLimitExceeded()
    {
        Fake.ThrottleNext(100);

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() => Client.GetFindingsPageAsync(new FindingFilters()));

        Assert.Equal("LimitExceededException", ex.Code);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(5, Fake.Requests.Count);
    }

    [Fact]
    public async Task BatchUpdateFindingsAsync_AccessDenied_ThrowsNamingTheMissingIamAction()
    {
        Fake.DeniedOperations["BatchUpdateFindings"] = true;

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() => Client.BatchUpdateFindingsAsync(new BatchUpdateFindingsRequest
        {
            Findings = [new FindingRef(SyntheticFindings.IdOf(1), SyntheticFindings.ProductArn)],
            Workflow = WorkflowStatus.Resolved,
        }));

        Assert.True(ex.IsAccessDenied);
        Assert.Equal("securityhub:BatchUpdateFindings", ex.IamAction);
        Assert.Contains("\"securityhub:BatchUpdateFindings\"", ex.Message, StringComparison.Ordinal);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task GetFindingsPageAsync_WrongSecretKey_ThrowsCredentialErrorWithoutTheSecret()
    {
        const string wrongSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYWRONGKEYXX";
        await using var services = AwsTestServices.SecurityHub(Fake, new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, wrongSecret));

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() =>
            services.GetRequiredService<SecurityHubClient>().GetFindingsPageAsync(new FindingFilters()));

        Assert.Equal("InvalidSignatureException", ex.Code);
        Assert.Contains("credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fake.SignatureFailures);
    }

    [Fact]
    public async Task GetFindingsPageAsync_SessionCredentials_SendsSignedSecurityToken()
    {
        Fake.Verifier = new SigV4Verifier(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, "us-east-1", "securityhub")
        {
            ExpectedSessionToken = "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
        };
        await using var services = AwsTestServices.SecurityHub(
            Fake, new SessionAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, "IQoJb3JpZ2luX2VjEXAMPLETOKEN"));

        var page = await services.GetRequiredService<SecurityHubClient>().GetFindingsPageAsync(new FindingFilters());

        Assert.Empty(page.Findings);
        Assert.Equal(0, Fake.SignatureFailures);
    }

    [Fact]
    public async Task GetFindingsPageAsync_NoCredentialsResolve_ThrowsSayingWhereItLooked()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new Core.Aws.AwsCredentialSource(_ => throw new AmazonClientException("Failed to resolve AWS credentials.")));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = "us-east-1",
            ["SecurityHub:ServiceUrl"] = Fake.BaseUrl.ToString(),
        }).Build());
        services.AddSecurityHub();
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() => provider.GetRequiredService<SecurityHubClient>().GetFindingsPageAsync(new FindingFilters()));

        Assert.Contains("AWS_WEB_IDENTITY_TOKEN_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Fake.Requests);
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.SecurityHub;

public sealed class SecurityHubClientV2Tests : SecurityHubFakeTests
{
    private static OcsfFindingAddress AddressOf(int i, bool byUid = true) => byUid
        ? new OcsfFindingAddress(SyntheticOcsfFindings.MetadataUidOf(i), null)
        : new OcsfFindingAddress(null, new OcsfFindingIdentifier("869728294964", SyntheticOcsfFindings.FindingInfoUidOf(i), "arn:aws:securityhub:us-east-1::productv2/aws/guardduty"));

    [Fact]
    public async Task GetFindingsV2ByMetadataUidsAsync_45Uids_SendsSignedOrFiltersOfAtMost20()
    {
        Fake.SeedOcsf(Enumerable.Range(0, 40).Select(i => SyntheticOcsfFindings.Detection(i)));

        var findings = await Client.GetFindingsV2ByMetadataUidsAsync(Enumerable.Range(0, 45).Select(SyntheticOcsfFindings.MetadataUidOf));

        Assert.Equal(40, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingSchema.Ocsf, f.Schema));
        Assert.Equal(3, Fake.Requests.Count);
        Assert.All(Fake.Requests, r =>
        {
            Assert.Null(r.SignatureError);
            Assert.Equal(("POST", "/findingsv2"), (r.Method, r.RawTarget));
            using var body = JsonDocument.Parse(r.Body);
            var composite = Assert.Single(body.RootElement.GetProperty("Filters").GetProperty("CompositeFilters").EnumerateArray());
            Assert.Equal("OR", composite.GetProperty("Operator").GetString());
            var filters = composite.GetProperty("StringFilters");
            Assert.InRange(filters.GetArrayLength(), 1, 20);
            Assert.Equal("metadata.uid", filters[0].GetProperty("FieldName").GetString());
            Assert.Equal("EQUALS", filters[0].GetProperty("Filter").GetProperty("Comparison").GetString());
        });
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task GetFindingsV2Async_MoreThanOnePage_FollowsNextToken()
    {
        Fake.SeedOcsf(Enumerable.Range(0, 95).Select(i => SyntheticOcsfFindings.Detection(i)));
        var findings = new List<Finding>();

        await foreach (var finding in Client.GetFindingsV2Async("cloud.account.uid", ["869728294964"], pageSize: 40))
        {
            findings.Add(finding);
        }

        Assert.Equal(95, findings.Select(f => f.Id).Distinct().Count());
        Assert.Equal(3, Fake.GetFindingsV2Calls);
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task GetFindingsV2ByFindingInfoUidsAsync_FindingWithoutMetadataUid_IsFound()
    {
        Fake.SeedOcsfFromSamples("detection-2004-exposure-lambda-securityhub-risk-awsdocs.json");
        const string uid = "arn:aws:securityhub:us-east-1:123456789012:risk:1234f781c7ae7507f01e2fb460f15ca8fe7f9c95e257698a092cb74a4ea84a42";

        var finding = Assert.Single(await Client.GetFindingsV2ByFindingInfoUidsAsync([uid]));

        Assert.Equal(uid, finding.Ocsf!.Identifier!.FindingInfoUid);
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task BatchUpdateFindingsV2Async_250ByUidAnd3ByIdentifier_CallsOf100NeverMixingBothKinds()
    {
        Fake.SeedOcsf(Enumerable.Range(0, 250).Select(i => SyntheticOcsfFindings.Detection(i)));
        Fake.SeedOcsf(Enumerable.Range(300, 3).Select(i => SyntheticOcsfFindings.Detection(i, withMetadataUid: false)));
        var addresses = Enumerable.Range(0, 250).Select(i => AddressOf(i)).Concat(Enumerable.Range(300, 3).Select(i => AddressOf(i, byUid: false))).ToList();

        var result = await Client.BatchUpdateFindingsV2Async(new BatchUpdateFindingsV2Request
        {
            Findings = addresses,
            Status = OcsfStatus.Resolved,
            Comment = new FindingComment("Fixed in PR 42", "Ada Lovelace (U012AB3CD)"),
        });

        Assert.True(result.AllProcessed);
        Assert.Equal(addresses.ToHashSet(), result.Processed.ToHashSet());
        Assert.Equal(4, Fake.BatchUpdateV2Calls);
        Assert.All(Fake.Requests, r =>
        {
            Assert.Equal(("PATCH", "/findingsv2/batchupdatev2"), (r.Method, r.RawTarget));
            using var body = JsonDocument.Parse(r.Body);
            Assert.True(body.RootElement.TryGetProperty("MetadataUids", out _) ^ body.RootElement.TryGetProperty("FindingIdentifiers", out _));
            Assert.Equal(4, body.RootElement.GetProperty("StatusId").GetInt32());
        });
        var stored = Fake.FindOcsf(SyntheticOcsfFindings.MetadataUidOf(249))!;
        Assert.Equal("Resolved", (string?)stored["status"]);
        Assert.Equal("Fixed in PR 42 (by Ada Lovelace (U012AB3CD))", (string?)stored["comment"]);
        Assert.Equal(4, (int?)Fake.FindOcsf(SyntheticOcsfFindings.FindingInfoUidOf(301))!["status_id"]);
        Assert.Empty(Fake.ModelViolations);
    }

    [Fact]
    public async Task BatchUpdateFindingsV2Async_SomeFindingsRefused_ReportsEachWithItsErrorCode()
    {
        Fake.SeedOcsf(Enumerable.Range(0, 3).Select(i => SyntheticOcsfFindings.Detection(i)));
        Fake.UnprocessedOcsfUids[SyntheticOcsfFindings.MetadataUidOf(1)] = "ConflictException";
        var addresses = Enumerable.Range(0, 4).Select(i => AddressOf(i)).ToList();

        var result = await Client.BatchUpdateFindingsV2Async(new BatchUpdateFindingsV2Request { Findings = addresses, Status = OcsfStatus.Suppressed });

        Assert.Equal([addresses[0], addresses[2]], result.Processed);
        Assert.Equal(2, result.Unprocessed.Count);
        Assert.Contains(result.Unprocessed, u => u.Finding == addresses[1] && u.ErrorCode == "ConflictException");
        Assert.Contains(result.Unprocessed, u => u.Finding == addresses[3] && u.ErrorCode == "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetFindingsV2PageAsync_ThrottledThenServerError_RetriesAndSucceeds()
    {
        Fake.SeedOcsf([SyntheticOcsfFindings.Detection(1)]);
        Fake.ThrottleNext(2);
        Fake.FailNext(1);

        var page = await Client.GetFindingsV2PageAsync("metadata.uid", [SyntheticOcsfFindings.MetadataUidOf(1)]);

        Assert.Single(page.Findings);
        Assert.Equal(4, Fake.Requests.Count);
        Assert.All(Fake.Requests, r => Assert.Null(r.SignatureError));
    }

    [Fact]
    public async Task GetFindingsV2PageAsync_ThrottledPastRetries_ThrowsThrottlingException()
    {
        Fake.ThrottleNext(100);

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() => Client.GetFindingsV2PageAsync("metadata.uid", ["x"]));

        Assert.Equal("ThrottlingException", ex.Code);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(5, Fake.Requests.Count);
    }

    [Fact]
    public async Task BatchUpdateFindingsV2Async_AccessDenied_NamesTheSharedIamAction()
    {
        Fake.DeniedOperations["BatchUpdateFindingsV2"] = true;

        var ex = await Assert.ThrowsAsync<SecurityHubException>(() => Client.BatchUpdateFindingsV2Async(
            new BatchUpdateFindingsV2Request { Findings = [AddressOf(1)], Status = OcsfStatus.Resolved }));

        Assert.True(ex.IsAccessDenied);
        Assert.Equal("securityhub:BatchUpdateFindings", ex.IamAction);
        Assert.Contains("\"securityhub:BatchUpdateFindings\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchUpdateFindingsV2Async_DeletedStatus_IsRefusedBeforeAnyCall()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.BatchUpdateFindingsV2Async(
            new BatchUpdateFindingsV2Request { Findings = [AddressOf(1)], Status = OcsfStatus.Deleted }));

        Assert.Empty(Fake.Requests);
    }

    [Fact]
    public void FindingComment_LongReason_CutsTheReasonNeverWhoAndStaysWithin512()
    {
        var reason = string.Concat(Enumerable.Repeat("😀 accepted risk ", 80));

        var text = new FindingComment(reason, "Grace Hopper (U0GRACE)").Text;

        Assert.InRange(text.Length, 1, FindingComment.MaxLength);
        Assert.EndsWith("… (by Grace Hopper (U0GRACE))", text, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(text[text.IndexOf('…', StringComparison.Ordinal) - 1]));
    }
}

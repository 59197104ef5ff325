using System.Net;
using System.Text;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.SecurityHub;

/// <summary>The fake must catch what real Security Hub rejects, or the client tests prove nothing.</summary>
public sealed class FakeSecurityHubTests : IAsyncLifetime
{
    private readonly FakeSecurityHub _fake = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData("POST", "findings", "{\"Filters\":{\"Id\":[{\"Value\":\"a\"}]}}", "Comparison")]
    [InlineData("POST", "findings", "{\"Filters\":{\"Id\":[{\"Value\":\"a\",\"Comparison\":\"EQUALS\"}]},\"MaxResults\":500}", "MaxResults")]
    [InlineData("POST", "findings", "{\"filters\":{}}", "unknown member filters")]
    [InlineData("PATCH", "findings/batchupdate", "{\"FindingIdentifiers\":[{\"Id\":\"a\",\"ProductArn\":\"b\"}],\"Workflow\":{\"Status\":\"CLOSED\"}}", "Workflow")]
    [InlineData("PATCH", "findings/batchupdate", "{\"FindingIdentifiers\":[{\"Id\":\"a\",\"ProductArn\":\"b\"}],\"Note\":{\"Text\":\"x\"}}", "Note")]
    [InlineData("PATCH", "findings/batchupdate", "{\"FindingIdentifiers\":[{\"Id\":\"a\"}],\"Workflow\":{\"Status\":\"NEW\"}}", "FindingIdentifiers")]
    [InlineData("PATCH", "findings/batchupdate", "{\"FindingIdentifiers\":[{\"Id\":\"a\",\"ProductArn\":\"b\"}],\"UserDefinedFields\":{\"k\":1}}", "UserDefinedFields")]
    [InlineData("POST", "findings/batchupdate", "{}", "no Security Hub operation")]
    [InlineData("PATCH", "findingsv2/batchupdatev2", "{\"MetadataUids\":[\"a\"],\"FindingIdentifiers\":[],\"StatusId\":4}", "cannot use MetadataUids together with FindingIdentifiers")]
    [InlineData("PATCH", "findingsv2/batchupdatev2", "{\"MetadataUids\":[\"a\"],\"StatusId\":6}", "StatusId must be one of")]
    [InlineData("PATCH", "findingsv2/batchupdatev2", "{\"MetadataUids\":[\"a\"],\"Comment\":\"\"}", "Comment must be 1-512")]
    [InlineData("PATCH", "findingsv2/batchupdatev2", "{\"FindingIdentifiers\":[{\"CloudAccountUid\":\"1\",\"FindingInfoUid\":\"2\"}],\"StatusId\":4}", "all three strings")]
    [InlineData("PATCH", "findingsv2/batchupdatev2", "{\"MetadataUids\":[\"a\"],\"Note\":{\"Text\":\"x\"}}", "unknown member Note")]
    [InlineData("POST", "findingsv2", "{\"Filters\":{\"CompositeFilters\":[{\"StringFilters\":[{\"FieldName\":\"Id\",\"Filter\":{\"Value\":\"a\",\"Comparison\":\"EQUALS\"}}]}]}}", "not an OcsfStringField")]
    [InlineData("POST", "findingsv2", "{\"MaxResults\":101}", "MaxResults")]
    public async Task Request_OffTheServiceModel_IsRejectedAndRecorded(string method, string path, string body, string expected)
    {
        using var http = SignedClient();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Contains(_fake.ModelViolations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_TwentyOneIdValues_IsRejected()
    {
        using var http = SignedClient();
        var ids = string.Join(',', Enumerable.Range(0, 21).Select(i => $"{{\"Value\":\"id{i}\",\"Comparison\":\"EQUALS\"}}"));

        using var response = await http.PostAsync("findings", new StringContent($"{{\"Filters\":{{\"Id\":[{ids}]}}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(_fake.ModelViolations, v => v.Contains("limit is 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_Unsigned_IsRejected403()
    {
        using var http = new HttpClient { BaseAddress = _fake.BaseUrl };

        using var response = await http.PostAsync("findings", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, _fake.SignatureFailures);
    }

    private HttpClient SignedClient() =>
        new(new AwsSigV4Handler(new AwsRequestSigner(AwsCredentialSource.Fixed(AwsTestServices.TestCredentials), "us-east-1", "securityhub"))
        {
            InnerHandler = new SocketsHttpHandler(),
        })
        { BaseAddress = _fake.BaseUrl };
}

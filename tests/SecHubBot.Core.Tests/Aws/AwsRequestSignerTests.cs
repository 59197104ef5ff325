using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Core.Aws;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Aws;

/// <summary>
/// The signer outside us-east-1: SigV4's credential scope is <c>date/region/service/aws4_request</c> and the
/// signing key is derived from the region, so a signer that ignored its region would only work there.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html</remarks>
public sealed class AwsRequestSignerTests
{
    [Fact]
    public async Task SignAsync_SecurityHubInEuWest2_SignedForThatRegion()
    {
        await using var fake = new FakeSecurityHub("eu-west-2");
        await fake.StartAsync();
        fake.Seed([SyntheticFindings.Control(1)]);
        await using var services = AwsTestServices.SecurityHub(fake, region: "eu-west-2");

        var findings = await services.GetRequiredService<SecurityHubClient>().GetFindingsByIdsAsync([SyntheticFindings.IdOf(1)]);

        Assert.Single(findings);
        var request = Assert.Single(fake.Requests);
        Assert.Null(request.SignatureError);
        Assert.Contains("/eu-west-2/securityhub/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_SecretsManagerInApSoutheast2_SignedForThatRegion()
    {
        await using var fake = new FakeSecretsManager("ap-southeast-2");
        await fake.StartAsync();
        fake.Secrets["slack-bot-token"] = "xoxb-test";
        var client = SecretsManagerClient.Create(AwsCredentialSource.Fixed(AwsTestServices.TestCredentials), "ap-southeast-2", fake.BaseUrl.ToString());

        Assert.Equal("xoxb-test", await client.GetSecretStringAsync("slack-bot-token"));
        var request = Assert.Single(fake.Requests);
        Assert.Null(request.SignatureError);
        Assert.Contains("/ap-southeast-2/secretsmanager/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_SignerRegionDiffersFromService_Rejected()
    {
        await using var fake = new FakeSecretsManager("eu-central-1");
        await fake.StartAsync();
        fake.Secrets["s"] = "v";
        var client = SecretsManagerClient.Create(AwsCredentialSource.Fixed(AwsTestServices.TestCredentials), "us-east-1", fake.BaseUrl.ToString());

        await Assert.ThrowsAsync<SecretsManagerException>(() => client.GetSecretStringAsync("s"));
        Assert.Equal(1, fake.SignatureFailures);
    }
}

using System.Text;
using Microsoft.Extensions.AI;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Explain;

public sealed class BedrockChatClientFactoryTests : IAsyncLifetime
{
    private readonly FakeBedrock _fake = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CreateChatClient_Streaming_ReadsTheEventStreamWithTheChatModel()
    {
        _fake.Reply = _ => "Use the CDK construct ec2.SecurityGroup and drop the 0.0.0.0/0 ingress rule.";
        var chat = Factory().CreateChatClient();

        var text = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "how do I fix this in CDK?")]))
        {
            text.Append(update.Text);
        }

        Assert.Equal("Use the CDK construct ec2.SecurityGroup and drop the 0.0.0.0/0 ingress rule.", text.ToString());
        var invocation = Assert.Single(_fake.Invocations);
        Assert.Equal(BedrockOptions.DefaultChatModel, invocation.ModelId);
        Assert.EndsWith("/invoke-with-response-stream", Assert.Single(_fake.Requests).RawTarget, StringComparison.Ordinal);
        Assert.Equal("bedrock-2023-05-31", invocation.Json.GetProperty("anthropic_version").GetString());
        Assert.Equal(0, _fake.SignatureFailures);
    }

    [Fact]
    public async Task Create_SessionCredentials_SignsWithSecurityToken()
    {
        _fake.Verifier = new SigV4Verifier(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, "us-east-1", "bedrock")
        {
            ExpectedSessionToken = "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
        };
        var credentials = AwsCredentialSource.Fixed(new Amazon.Runtime.SessionAWSCredentials(
            SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey, "IQoJb3JpZ2luX2VjEXAMPLETOKEN"));

        var response = await Factory(credentials).CreateAlertClient().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.NotEmpty(response.Text);
        Assert.Equal(0, _fake.SignatureFailures);
    }

    [Theory]
    [InlineData("us.anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0")]
    public async Task Create_ModelIdWithColonsOrSlashes_SignatureHoldsAndModelArrivesIntact(string modelId)
    {
        var response = await Factory().Create(modelId, 256).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.NotEmpty(response.Text);
        Assert.Equal(modelId, Assert.Single(_fake.Invocations).ModelId);
        Assert.Equal(0, _fake.SignatureFailures);
    }

    private BedrockChatClientFactory Factory(AwsCredentialSource? credentials = null) => new(
        credentials ?? AwsCredentialSource.Fixed(AwsTestServices.TestCredentials),
        new AwsOptions { Region = "us-east-1" },
        new BedrockOptions { ServiceUrl = _fake.BaseUrl.ToString(), MaxRetries = 0 });
}

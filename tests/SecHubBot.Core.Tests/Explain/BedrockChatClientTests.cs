using System.Net;
using Microsoft.Extensions.AI;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Explain.Bedrock;
using SecHubBot.Core.Tests.Aws;
using SecHubBot.Fakes.Aws;

namespace SecHubBot.Core.Tests.Explain;

/// <summary>The Bedrock client against the loopback Bedrock fake, which checks every SigV4 signature.</summary>
public sealed class BedrockChatClientTests : IAsyncLifetime
{
    private FakeBedrock _fake = new();

    public Task InitializeAsync() => _fake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_SystemAndUserMessages_SendsTheDocumentedAnthropicBody()
    {
        var client = Client("us.anthropic.claude-haiku-4-5-20251001-v1:0", maxOutputTokens: 700);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "what is EC2.18?"), new ChatMessage(ChatRole.Assistant, "a control"), new ChatMessage(ChatRole.User, "and?")],
            new ChatOptions { Temperature = 0.2f });

        var body = Assert.Single(_fake.Invocations).Json;
        Assert.Equal("bedrock-2023-05-31", body.GetProperty("anthropic_version").GetString());
        Assert.Equal(700, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("be brief", body.GetProperty("system").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble(), 3);
        Assert.False(body.TryGetProperty("model", out _));
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var block = Assert.Single(messages[0].GetProperty("content").EnumerateArray());
        Assert.Equal("text", block.GetProperty("type").GetString());
        Assert.Equal("what is EC2.18?", block.GetProperty("text").GetString());
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
    }

    [Fact]
    public async Task GetResponseAsync_OptionsMaxOutputTokens_OverridesTheDefault()
    {
        await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 300 });

        Assert.Equal(300, Assert.Single(_fake.Invocations).Json.GetProperty("max_tokens").GetInt32());
        Assert.False(Assert.Single(_fake.Invocations).Json.TryGetProperty("temperature", out _));
    }

    [Fact]
    public async Task GetResponseAsync_Answer_ReturnsTextUsageAndFinishReason()
    {
        _fake.Reply = _ => "Remove the 0.0.0.0/0 rule.";

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "how do I fix it?")]);

        Assert.Equal("Remove the 0.0.0.0/0 rule.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("msg_bdrk_01", response.ResponseId, StringComparison.Ordinal);
        var invocation = Assert.Single(_fake.Invocations);
        Assert.Equal(FakeBedrock.EstimateTokens(invocation.PromptText), response.Usage!.InputTokenCount);
        Assert.Equal(FakeBedrock.EstimateTokens("Remove the 0.0.0.0/0 rule."), response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Theory]
    [InlineData("eu-west-1")]
    [InlineData("ap-southeast-2")]
    public async Task GetResponseAsync_RegionOtherThanUsEast1_SignsForThatRegionAndService(string region)
    {
        await _fake.DisposeAsync();
        _fake = new FakeBedrock(region);
        await _fake.StartAsync();

        var response = await Client(region: region).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.NotEmpty(response.Text);
        var request = Assert.Single(_fake.Requests);
        Assert.Null(request.SignatureError);
        Assert.Contains($"/{region}/bedrock/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongRegion_FakeRejectsTheSignatureAsAwsWould()
    {
        var error = await Assert.ThrowsAsync<BedrockException>(() => Client(region: "eu-west-1").GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, _fake.SignatureFailures);
    }

    [Theory]
    [InlineData("us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1%3A0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123")]
    public async Task GetResponseAsync_ModelIdWithColonsOrSlash_IsOneEncodedPathSegment(string modelId, string encoded)
    {
        await Client(modelId).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal($"/model/{encoded}/invoke", request.RawTarget);
        Assert.Null(request.SignatureError);
        Assert.Equal(modelId, Assert.Single(_fake.Invocations).ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_ThrottledTwice_RetriesSignedAfreshAndSucceeds()
    {
        _fake.ThrottleNext(2);

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.NotEmpty(response.Text);
        Assert.Equal(3, _fake.Calls);
        Assert.Equal(3, _fake.Requests.Count);
        Assert.Equal(0, _fake.SignatureFailures);
    }

    [Fact]
    public async Task GetResponseAsync_ServiceUnavailableOnce_Retries()
    {
        _fake.ErrorNext(1, 503, "ServiceUnavailableException");

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.NotEmpty(response.Text);
        Assert.Equal(2, _fake.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_PersistentThrottling_ThrowsThrottlingAfterMaxRetries()
    {
        _fake.ThrottleNext(100);

        var error = await Assert.ThrowsAsync<BedrockException>(() => Client(maxRetries: 2).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal("ThrottlingException", error.Code);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(3, _fake.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_AccessDenied_ThrowsWithoutRetrying()
    {
        _fake.ErrorNext(1, 403, "AccessDeniedException");

        var error = await Assert.ThrowsAsync<BedrockException>(() => Client(maxRetries: 2).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Equal(1, _fake.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_ThrowsInvalidDataWithoutRetrying()
    {
        _fake.MalformedNext(1);

        await Assert.ThrowsAsync<InvalidDataException>(() => Client(maxRetries: 2).GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(1, _fake.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_Cancelled_ThrowsOperationCanceled()
    {
        _fake.Delay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Answer_YieldsTheTextInDeltasThenUsage()
    {
        const string answer = "Drop the ingress rule that allows 0.0.0.0/0 on port 22, then re-run the check.";
        _fake.Reply = _ => answer;

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "fix?")]))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer arrives in several deltas");
        var response = updates.ToChatResponse();
        Assert.Equal(answer, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(FakeBedrock.EstimateTokens(Assert.Single(_fake.Invocations).PromptText), response.Usage!.InputTokenCount);
        Assert.Equal(FakeBedrock.EstimateTokens(answer), response.Usage.OutputTokenCount);
        var request = Assert.Single(_fake.Requests);
        Assert.EndsWith("/invoke-with-response-stream", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal("application/vnd.amazon.eventstream", request.Headers["Accept"]);
        Assert.Null(request.SignatureError);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ExceptionEventMidStream_ThrowsAfterTheTextSoFar()
    {
        _fake.Reply = _ => new string('a', 64);
        _fake.StreamEndsAfterDeltas = 2;
        _fake.StreamExceptionType = "modelStreamErrorException";
        var text = new List<string>();

        var error = await Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                text.Add(update.Text);
            }
        });

        Assert.Equal("ModelStreamErrorException", error.Code);
        Assert.Null(error.StatusCode);
        Assert.Equal(new string('a', 32), string.Concat(text));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsBeforeMessageStop_Throws()
    {
        _fake.StreamEndsAfterDeltas = 1;

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                Assert.NotNull(update);
            }
        });
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThrottledBeforeTheStream_RetriesAndStreams()
    {
        _fake.ThrottleNext(1);

        var response = await Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).ToChatResponseAsync();

        Assert.Equal(FakeBedrock.DefaultAnswer, response.Text);
        Assert.Equal(2, _fake.Calls);
        Assert.Equal(0, _fake.SignatureFailures);
    }

    [Fact]
    public void GetService_ChatClientMetadata_NamesBedrockAndTheModel()
    {
        using var client = new BedrockChatClient(new HttpClient(), new Uri("https://bedrock-runtime.eu-west-1.amazonaws.com"), "m:0", 256, BedrockRetryPolicy.Standard(0));

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("aws.bedrock", metadata!.ProviderName);
        Assert.Equal("m:0", metadata.DefaultModelId);
        Assert.Equal("https://bedrock-runtime.eu-west-1.amazonaws.com/", metadata.ProviderUri!.ToString());
    }

    private IChatClient Client(string modelId = BedrockOptions.DefaultAlertModel, int maxOutputTokens = 512, int maxRetries = 2, string region = "us-east-1") =>
        new BedrockChatClientFactory(
            AwsCredentialSource.Fixed(AwsTestServices.TestCredentials),
            new AwsOptions { Region = region },
            new BedrockOptions { ServiceUrl = _fake.BaseUrl.ToString() })
        {
            Retry = new BedrockRetryPolicy(maxRetries, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)),
        }.Create(modelId, maxOutputTokens);
}

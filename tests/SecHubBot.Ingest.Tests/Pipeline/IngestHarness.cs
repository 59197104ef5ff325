using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Slack;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Lambda;
using SecHubBot.Ingest.Pipeline;
using SecHubBot.Ingest.Runtime;

namespace SecHubBot.Ingest.Tests.Pipeline;

/// <summary>The Ingest Lambda's handler wired as in production, against the Slack fake and the AWS fakes (real loopback sockets).</summary>
internal sealed class IngestHarness : IAsyncDisposable
{
    public const string Channel = SlackFake.DefaultChannel;

    private readonly List<IHost> _instances = [];
    private readonly IReadOnlyDictionary<string, string?> _values;
    private readonly IHost _host;

    private IngestHarness(SlackFake slack, FakeSecurityHub hub, FakeBedrock bedrock, IReadOnlyDictionary<string, string?> values, bool failFirstReply)
    {
        Slack = slack;
        Hub = hub;
        Bedrock = bedrock;
        _values = values;
        _host = Build(values, failFirstReply);
    }

    public SlackFake Slack { get; }

    public FakeSecurityHub Hub { get; }

    public FakeBedrock Bedrock { get; }

    public IServiceProvider Services => _host.Services;

    public IngestInvocationHandler Handler => Services.GetRequiredService<IngestInvocationHandler>();

    public static AwsCredentialSource TestCredentials { get; } =
        AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey));

    public static async Task<IngestHarness> StartAsync(bool bedrock = false, IDictionary<string, string?>? settings = null, bool failFirstReply = false)
    {
        var slack = await SlackFake.StartAsync();
        var hub = new FakeSecurityHub();
        await hub.StartAsync();
        var model = new FakeBedrock();
        await model.StartAsync();

        var values = new Dictionary<string, string?>(slack.Configuration)
        {
            ["Aws:Region"] = "us-east-1",
            ["SecurityHub:ServiceUrl"] = hub.BaseUrl.ToString(),
            ["SecurityHub:RetryBaseDelay"] = "00:00:00.010",
            ["Bedrock:ServiceUrl"] = model.BaseUrl.ToString(),
            ["Bedrock:MaxRetries"] = "0",
            ["Explain:Mode"] = bedrock ? "bedrock" : "offline",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new IngestHarness(slack, hub, model, values, failFirstReply);
    }

    /// <summary>Another Lambda instance: the same fakes and configuration, its own host (own store client, own caches).</summary>
    public IngestInvocationHandler NewInstance()
    {
        var host = Build(_values, failFirstReply: false);
        _instances.Add(host);
        return host.Services.GetRequiredService<IngestInvocationHandler>();
    }

    /// <summary>The production wiring (IngestHost + AddIngest), with the settings above and no process environment.</summary>
    private static IHost Build(IReadOnlyDictionary<string, string?> values, bool failFirstReply)
    {
        var builder = IngestHost.CreateBuilder(values.Select(v => $"{v.Key}={v.Value}"), readEnvironment: false);
        builder.Services.AddSingleton(TestCredentials);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (failFirstReply)
        {
            builder.Services.AddSingleton<ISlackPoster>(sp => new FailFirstReplyPoster(new SlackApiPoster(sp.GetRequiredService<SlackApiClient>())));
        }

        builder.Services.AddIngest(builder.Configuration, IngestTarget.Slack);
        var host = builder.Build();
        InvalidConfigurationException.ThrowIfInvalid(host.Services);
        return host;
    }

    /// <summary>The SQS records' failed message ids when <paramref name="handler"/> runs them.</summary>
    public static async Task<IReadOnlyList<string>> InvokeSqsAsync(IngestInvocationHandler handler, params (string MessageId, string Body)[] records)
    {
        var response = await handler.HandleAsync(new Invocation(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(Sqs(records))), CancellationToken.None);
        using var document = JsonDocument.Parse(response);
        return [.. document.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!)];
    }

    /// <summary>Runs one invocation and returns the SQS partial batch response's failed message ids.</summary>
    public Task<IReadOnlyList<string>> InvokeSqsAsync(params (string MessageId, string Body)[] records) => InvokeSqsAsync(Handler, records);

    public Task<byte[]> InvokeAsync(string payload) =>
        Handler.HandleAsync(new Invocation(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(payload)), CancellationToken.None);

    /// <summary>The finding as Security Hub holds it now, as an EventBridge Imported event.</summary>
    public string EventOfCurrent(string id) => Imported(JsonSerializer.SerializeToElement(Hub.Find(id)!));

    public static string Imported(JsonElement finding) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Security Hub Findings - Imported",
        ["source"] = "aws.securityhub",
        ["account"] = "123456789012",
        ["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(finding.GetProperty("Id").GetString()),
        ["detail"] = new JsonObject { ["findings"] = new JsonArray(JsonNode.Parse(finding.GetRawText())) },
    }.ToJsonString();

    public static string Sqs(params (string MessageId, string Body)[] records) => new JsonObject
    {
        ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject
        {
            ["messageId"] = r.MessageId,
            ["receiptHandle"] = "handle-" + r.MessageId,
            ["body"] = r.Body,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:findings",
            ["awsRegion"] = "us-east-1",
        })]),
    }.ToJsonString();

    /// <summary>Seeds a control finding and returns its id and its Imported event.</summary>
    public (string Id, string Event) Seed(int index, string control = "EC2.18")
    {
        var finding = SyntheticFindings.Control(index, control);
        Hub.Seed([finding]);
        return (finding.GetProperty("Id").GetString()!, Imported(finding));
    }

    public string? ThreadOf(string id) => (string?)Hub.Find(id)?["UserDefinedFields"]?[ThreadFields.Thread];

    public string? WorkflowOf(string id) => (string?)Hub.Find(id)?["Workflow"]?["Status"];

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _host.Dispose();
        await Slack.DisposeAsync();
        await Hub.DisposeAsync();
        await Bedrock.DisposeAsync();
    }

    /// <summary>Slack takes the first parent, then fails its reply once (an outage between the two calls).</summary>
    private sealed class FailFirstReplyPoster(ISlackPoster inner) : ISlackPoster
    {
        private int _failed;

        public Task<string> PostAsync(SlackMessage message, CancellationToken cancellationToken) =>
            message.ThreadTs is not null && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new SlackApiException("chat.postMessage", "http_503")
                : inner.PostAsync(message, cancellationToken);

        public Task UpdateAsync(SlackMessage message, CancellationToken cancellationToken) => inner.UpdateAsync(message, cancellationToken);
    }
}

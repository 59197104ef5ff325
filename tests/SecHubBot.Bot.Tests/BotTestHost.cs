using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Actions;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Explain.Offline;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Slack.WebApi;
using SecHubBot.Core.Store;
using SecHubBot.Fakes.Aws;
using SecHubBot.Fakes.Logging;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests;

/// <summary>
/// The real Bot host (Kestrel on 127.0.0.1:0) wired to the Slack fake (Socket Mode unless <c>httpMode</c>),
/// the fake Security Hub and the fake Bedrock, with one seeded finding. Everything over real sockets.
/// </summary>
internal sealed class BotTestHost : IAsyncDisposable
{
    public const string Approver = "U0APPROVER";
    public const string GroupMember = "U0GROUPIE";
    public const string ApproverGroup = "S0SECTEAM";
    public const string Person = "U0PERSON";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private WebApplication? _app;

    private BotTestHost(SlackFake slack, FakeSecurityHub securityHub, FakeBedrock bedrock)
    {
        Slack = slack;
        SecurityHub = securityHub;
        Bedrock = bedrock;
    }

    public SlackFake Slack { get; }

    public FakeSecurityHub SecurityHub { get; }

    public FakeBedrock Bedrock { get; }

    public CapturedLogs Logs { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static string FindingId => SyntheticFindings.IdOf(1);

    public static Finding Finding { get; } = FindingReader.Read(SyntheticFindings.Control(1)).Finding!;

    public static async Task<BotTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, bool httpMode = false, Action<IServiceCollection>? configureServices = null)
    {
        var host = await CreateFakesAsync().ConfigureAwait(false);
        await host.StartBotAsync(overrides, httpMode, configureServices).ConfigureAwait(false);
        return host;
    }

    public static async Task<BotTestHost> CreateFakesAsync()
    {
        var slack = await SlackFake.StartAsync().ConfigureAwait(false);
        var securityHub = new FakeSecurityHub();
        await securityHub.StartAsync().ConfigureAwait(false);
        var bedrock = new FakeBedrock();
        await bedrock.StartAsync().ConfigureAwait(false);
        securityHub.Seed([SyntheticFindings.Control(1)]);
        slack.AddUser(Person, "alice", "Alice Doe", displayName: "Alice");
        slack.AddUser(Approver, "ana", "Ana Approver", displayName: "Ana");
        slack.AddUser(GroupMember, "gus", "Gus Group", displayName: "Gus");
        slack.AddUserGroup(ApproverGroup, GroupMember);
        bedrock.Reply = _ => "Use **CDK**.";
        return new BotTestHost(slack, securityHub, bedrock);
    }

    public Dictionary<string, string?> Configuration(bool httpMode)
    {
        var config = new Dictionary<string, string?>(Slack.Configuration)
        {
            ["Aws:Region"] = "us-east-1",
            ["SecurityHub:ServiceUrl"] = SecurityHub.BaseUrl.ToString(),
            ["SecurityHub:MaxRetries"] = "1",
            ["SecurityHub:RetryBaseDelay"] = "00:00:00.010",
            ["SecurityHub:MaxRetryDelay"] = "00:00:00.050",
            ["Explain:Mode"] = "bedrock",
            ["Bedrock:ServiceUrl"] = Bedrock.BaseUrl.ToString(),
            ["Bedrock:MaxRetries"] = "0",
            ["Authorization:Approvers"] = $"{Approver}, {ApproverGroup}",
            ["Bot:AnswerUpdateInterval"] = "00:00:00.200",
        };
        if (httpMode)
        {
            config["Slack:AppToken"] = null;
        }

        return config;
    }

    public async Task StartBotAsync(IReadOnlyDictionary<string, string?>? overrides = null, bool httpMode = false, Action<IServiceCollection>? configureServices = null)
    {
        var config = Configuration(httpMode);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        _app = Build(config, Logs, configureServices);
        await _app.StartAsync().ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        if (!httpMode)
        {
            await Slack.SocketMode.WaitForConnectionsAsync(2, Wait).ConfigureAwait(false);
        }
    }

    /// <summary>The Bot's own host, as Program.cs builds it, plus test credentials and captured logs.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> config, ILoggerProvider? logs = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddSingleton(AwsCredentialSource.Fixed(new BasicAWSCredentials(SigV4Verifier.TestAccessKeyId, SigV4Verifier.TestSecretAccessKey)));
        builder.Services.AddSecHubBot(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSecHubBot();
        return app;
    }

    /// <summary>Posts our alert for the seeded finding (parent with metadata, first reply) as the Bot would; returns the parent ts.</summary>
    public async Task<string> PostAlertAsync(string channel = SlackFake.DefaultChannel)
    {
        var client = Slack.CreateApiClient();
        var explanation = await new OfflineExplainer().ExplainAsync(Finding, CancellationToken.None).ConfigureAwait(false);
        var messages = new AlertComposer().Compose(Finding, explanation, channel);
        var parent = await client.PostMessageAsync(messages.Parent).ConfigureAwait(false);
        await client.PostMessageAsync(messages.InThread(parent.Ts).FirstReply).ConfigureAwait(false);
        return parent.Ts;
    }

    /// <summary>What Ingest records after posting an alert: each finding's thread (COMPLETED, status open) and the thread's members.</summary>
    public async Task RecordAlertAsync(string channel, string ts, IEnumerable<FindingRef> findings)
    {
        var store = Services.GetRequiredService<IStoreOfRecord>();
        var thread = new StoredThread(channel, ts);
        var keys = findings.Select(f => StoreKey.Finding(f, channel)).ToList();
        foreach (var key in keys)
        {
            var claim = await store.TryClaimAsync(key, null, CancellationToken.None).ConfigureAwait(false);
            Assert.NotNull(claim);
            Assert.True(await store.CompleteAsync(claim, new StoreCompletion(thread) { Status = "open" }, CancellationToken.None).ConfigureAwait(false));
        }

        await store.AddMembersAsync(thread, null, keys, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A person's reply: stored in the fake (so conversations.replies lists it) and delivered as a message event.</summary>
    public async Task<(SlackFakeEnvelope Envelope, JsonElement Event)> ReplyAsync(string threadTs, string text, string user = Person, string channel = SlackFake.DefaultChannel, string? eventId = null)
    {
        var ts = Slack.AddMessage(channel, text, threadTs, user);
        var payload = SlackFakePayloads.Message(channel, text, threadTs, user, ts, eventId);
        var envelope = await Slack.SocketMode.SendEventAsync(payload).ConfigureAwait(false);
        return (envelope, payload);
    }

    /// <summary>Thread replies we posted, oldest first (parent excluded).</summary>
    public IReadOnlyList<SlackFakeMessage> BotReplies(string threadTs, string channel = SlackFake.DefaultChannel) =>
        [.. Slack.Thread(channel, threadTs).Where(m => m.Ts != threadTs && m.BotId is not null)];

    /// <summary>Waits until <paramref name="condition"/> holds, or fails after <see cref="Wait"/>.</summary>
    /// <summary>The reason modal's view_submission with <paramref name="reason"/>, as Slack sends it back.</summary>
    public static JsonElement ReasonSubmission(JsonElement modal, string reason, string user) =>
        SlackFakePayloads.ViewSubmission(
            modal.GetProperty("callback_id").GetString()!,
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [ReasonModal.ReasonBlockId] = new Dictionary<string, string> { [ReasonModal.ReasonActionId] = reason } },
            modal.GetProperty("private_metadata").GetString(),
            user);

    /// <summary>Submits the reason modal over Socket Mode; the ack's payload (response_action errors) or null when the modal closes.</summary>
    public async Task<JsonElement?> SubmitReasonAsync(JsonElement modal, string reason, string user)
    {
        var envelope = await Slack.SocketMode.SendInteractiveAsync(ReasonSubmission(modal, reason, user));
        return await envelope.Acked.WaitAsync(Wait);
    }

    /// <summary>Waits until every request the Bot took has finished its slow work: the basis for "and nothing else happened".</summary>
    public Task DrainAsync() => Services.GetRequiredService<InFlightWork>().WhenIdle.WaitAsync(Wait);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the Bot as SIGTERM would (fakes keep running); returns when the host has stopped.</summary>
    public async Task StopBotAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopBotAsync().ConfigureAwait(false);

        await Slack.DisposeAsync().ConfigureAwait(false);
        await SecurityHub.DisposeAsync().ConfigureAwait(false);
        await Bedrock.DisposeAsync().ConfigureAwait(false);
        Assert.DoesNotContain(SlackFake.BotToken, Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackFake.AppToken, Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(SigV4Verifier.TestSecretAccessKey, Logs.All, StringComparison.Ordinal);
    }
}


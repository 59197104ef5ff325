using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Fakes.Slack;

/// <summary>
/// A Slack you can run in a test: a real Kestrel server on 127.0.0.1 with an ephemeral port that
/// implements the Web API methods SecHubBot calls (recording every call) and the Socket Mode
/// WebSocket (<see cref="SocketMode"/>). Start it, point <c>Slack:ApiBaseUrl</c> at
/// <see cref="ApiBaseUrl"/> (or take <see cref="Configuration"/>), act, then assert on
/// <see cref="Calls"/>, <see cref="Messages"/> and <see cref="Thread"/>.
/// <code>
/// await using var slack = await SlackFake.StartAsync();
/// var client = slack.CreateApiClient();
/// await client.PostMessageAsync(new SlackMessage { Channel = "C1", Text = "hi" });
/// Assert.Equal("hi", slack.Messages("C1").Single().Text);
/// </code>
/// </summary>
public sealed partial class SlackFake : IAsyncDisposable
{
    public const string BotToken = "xoxb-fake-bot-token";
    public const string AppToken = "xapp-fake-app-token";
    public const string SigningSecret = "fake-signing-secret";
    public const string TeamId = "T0FAKE";
    public const string AppId = "A0FAKE";
    public const string BotUserId = "U0FAKEBOT";
    public const string BotId = "B0FAKE";
    public const string DefaultChannel = "C0ALERTS";

    private static readonly HashSet<string> JsonMethods = new(StringComparer.Ordinal)
    {
        "chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "auth.test", "apps.connections.open",
        "chat.startStream", "chat.appendStream", "chat.stopStream", "assistant.threads.setStatus",
    };

    /// <summary>markdown_text of chat.startStream/appendStream/stopStream: "Limit this field to 12,000 characters".</summary>
    public const int StreamMarkdownLimit = 12000;

    /// <summary>loading_messages of assistant.threads.setStatus: "Maximum of 10 messages".</summary>
    public const int MaxLoadingMessages = 10;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<SlackApiCall> _calls = [];
    private readonly Dictionary<string, Queue<string>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<TimeSpan>> _delays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<int>> _rateLimits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<int>> _serverErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SlackFakeMessage>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastPostTicks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _threadStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _userGroups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<JsonElement>> _responseUrlPosts = new(StringComparer.Ordinal);
    private readonly long _tsSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private long _tsCounter;
    private long _viewCounter;
    private int _pacingViolations;

    private SlackFake(WebApplication app)
    {
        _app = app;
        SocketMode = new SlackFakeSocketMode(this);
        AddUser(BotUserId, "sechubbot", "SecHubBot", isBot: true);
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The value for <c>Slack:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => new Uri(BaseUri, "api/").ToString();

    /// <summary>The Socket Mode side: connections, envelopes, disconnects.</summary>
    public SlackFakeSocketMode SocketMode { get; }

    /// <summary>
    /// Minimum gap the fake accepts between two chat.postMessage calls to one channel (Slack: about
    /// 1 s). Closer calls get 429 Retry-After: 1 and count in <see cref="PacingViolations"/>.
    /// Defaults to 50 ms so tests are quick; <see cref="Configuration"/> paces the client to match.
    /// <see cref="TimeSpan.Zero"/> turns the check off.
    /// </summary>
    public TimeSpan PostMessageMinInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How much earlier than <see cref="PostMessageMinInterval"/> a post may come (timer jitter).</summary>
    public TimeSpan PacingTolerance { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest conversations.replies page, whatever limit the client asks for (Slack: 1000).</summary>
    public int RepliesPageSize { get; set; } = 1000;

    public int PacingViolations => Volatile.Read(ref _pacingViolations);

    /// <summary>
    /// When set, every chat.startStream answers ok:false with this error, as a workspace or channel that
    /// does not allow AI streaming would (e.g. <c>channel_type_not_supported</c>, <c>access_denied</c>).
    /// </summary>
    public string? StreamingRefusal { get; set; }

    /// <summary>
    /// When set, a stream stops taking text after this many chat.appendStream calls, as a stream that
    /// expired server-side: later appends and the stop answer <c>message_not_in_streaming_state</c>, and the
    /// message keeps the text it had.
    /// </summary>
    public int? StreamsExpireAfterAppends { get; set; }

    /// <summary>When set, assistant.threads.setStatus answers ok:false with this error (e.g. <c>missing_scope</c>).</summary>
    public string? StatusRefusal { get; set; }

    /// <summary>The status assistant.threads.setStatus last set in a thread and not yet cleared (by a reply or an empty status).</summary>
    public string? ThreadStatus(string channel, string threadTs)
    {
        lock (_gate)
        {
            return _threadStatus.GetValueOrDefault(channel + "/" + threadTs);
        }
    }

    /// <summary>Configuration for code under test: the fake's URL and tokens, and matching pacing.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["Slack:ApiBaseUrl"] = ApiBaseUrl,
        ["Slack:BotToken"] = BotToken,
        ["Slack:AppToken"] = AppToken,
        ["Slack:SigningSecret"] = SigningSecret,
        ["Slack:Channel"] = DefaultChannel,
        ["Slack:PostMessageInterval"] = PostMessageMinInterval.ToString("c", CultureInfo.InvariantCulture),
    };

    public static async Task<SlackFake> StartAsync(ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var fake = new SlackFake(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(5) });
        app.Map("/link", fake.SocketMode.AcceptAsync);
        app.MapMethods("/api/{method}", ["GET", "POST"], fake.HandleApiAsync);
        app.MapPost("/response/{id}", fake.HandleResponseUrlAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>Options pointing at this fake, paced like it; adjust with <paramref name="configure"/>.</summary>
    public SlackOptions CreateOptions(Action<SlackOptions>? configure = null)
    {
        var options = new SlackOptions
        {
            ApiBaseUrl = ApiBaseUrl,
            BotToken = BotToken,
            AppToken = AppToken,
            SigningSecret = SigningSecret,
            Channel = DefaultChannel,
            PostMessageInterval = PostMessageMinInterval,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A ready client for this fake (its own HttpClient and pacer).</summary>
    public SlackApiClient CreateApiClient(Action<SlackOptions>? configure = null, ILogger<SlackApiClient>? logger = null) =>
        new(new HttpClient(), CreateOptions(configure), logger: logger);

    // ---- Knobs ----

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> answer ok:false with <paramref name="error"/>.</summary>
    public void FailNext(string method, string error, int count = 1)
    {
        lock (_gate)
        {
            var queue = _failures.TryGetValue(method, out var q) ? q : _failures[method] = new Queue<string>();
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(error);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> are answered only after <paramref name="delay"/> (a slow Slack).</summary>
    public void DelayNext(string method, TimeSpan delay, int count = 1)
    {
        lock (_gate)
        {
            var queue = _delays.TryGetValue(method, out var q) ? q : _delays[method] = new Queue<TimeSpan>();
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(delay);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> answer HTTP 429 with Retry-After.</summary>
    public void RateLimitNext(string method, int retryAfterSeconds, int count = 1)
    {
        lock (_gate)
        {
            var queue = _rateLimits.TryGetValue(method, out var q) ? q : _rateLimits[method] = new Queue<int>();
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(retryAfterSeconds);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="method"/> answer HTTP <paramref name="statusCode"/> (an outage).</summary>
    public void ServerErrorNext(string method, int statusCode = 503, int count = 1)
    {
        lock (_gate)
        {
            var queue = _serverErrors.TryGetValue(method, out var q) ? q : _serverErrors[method] = new Queue<int>();
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(statusCode);
            }
        }
    }

    public void AddUser(string id, string name, string? realName = null, bool isBot = false, string? displayName = null)
    {
        var user = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = TeamId,
            ["name"] = name,
            ["real_name"] = realName ?? name,
            ["is_bot"] = isBot,
            ["deleted"] = false,
            ["profile"] = new JsonObject { ["display_name"] = displayName ?? name, ["real_name"] = realName ?? name },
        };
        lock (_gate)
        {
            _users[id] = user;
        }
    }

    public void AddUserGroup(string id, params string[] members)
    {
        lock (_gate)
        {
            _userGroups[id] = members;
        }
    }

    /// <summary>Seeds a message (a person's reply, an old alert) and returns its ts.</summary>
    public string AddMessage(string channel, string text, string? threadTs = null, string? user = "U0PERSON", JsonElement? metadata = null)
    {
        lock (_gate)
        {
            var message = new SlackFakeMessage { Channel = channel, Ts = NextTs(), ThreadTs = threadTs, Text = text, User = user, Metadata = metadata };
            Store(message);
            return message.Ts;
        }
    }

    /// <summary>A response_url on this fake; what is posted to it is in <see cref="ResponseUrlPosts"/>.</summary>
    public Uri NewResponseUrl()
    {
        var id = Guid.NewGuid().ToString("N");
        _responseUrlPosts[id] = [];
        return new Uri(BaseUri, "response/" + id);
    }

    public IReadOnlyList<JsonElement> ResponseUrlPosts(Uri responseUrl)
    {
        var id = responseUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();
        if (!_responseUrlPosts.TryGetValue(id, out var posts))
        {
            return [];
        }

        lock (posts)
        {
            return [.. posts];
        }
    }

    /// <summary>
    /// An HTTP-mode request as Slack would send it: signed with <see cref="SigningSecret"/> at
    /// <paramref name="timestamp"/> (default now), for posting to the Bot's /slack/* endpoints.
    /// </summary>
    public static HttpRequestMessage SignedRequest(Uri url, string contentType, string body, DateTimeOffset? timestamp = null, int? retryNum = null, string? retryReason = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", Sign(SigningSecret, ts, bytes));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", retryReason ?? "http_timeout");
        }

        return request;
    }

    /// <summary>
    /// Slack's v0 signature, written here from Slack's documentation rather than taken from the Bot, so a
    /// bug in the Bot's verifier cannot hide behind the same bug in the signer:
    /// "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body)).
    /// </summary>
    /// <remarks>https://docs.slack.dev/authentication/verifying-requests-from-slack</remarks>
    public static string Sign(string signingSecret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        ArgumentNullException.ThrowIfNull(body);
        var basestring = Encoding.UTF8.GetBytes("v0:" + timestamp + ":").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), basestring));
    }

    // ---- What happened ----

    /// <summary>Every call so far, 429-answered attempts included (see <see cref="SlackApiCall.Answered429"/>).</summary>
    public IReadOnlyList<SlackApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Calls to <paramref name="method"/> that were not answered 429.</summary>
    public IReadOnlyList<SlackApiCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method && !c.Answered429)];

    /// <summary>Waits until <paramref name="count"/> calls to <paramref name="method"/> (not 429s) have arrived.</summary>
    public async Task<IReadOnlyList<SlackApiCall>> WaitForCallsAsync(string method, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var calls = CallsTo(method);
            if (calls.Count >= count)
            {
                return calls;
            }

            try
            {
                await Task.Delay(10, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {method} calls, got {calls.Count}.");
            }
        }
    }

    /// <summary>Top-level messages of a channel, oldest first (thread replies are in <see cref="Thread"/>).</summary>
    public IReadOnlyList<SlackFakeMessage> Messages(string channel)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channel, out var list) ? [.. list.Where(m => m.ThreadTs is null || m.ThreadTs == m.Ts)] : [];
        }
    }

    /// <summary>A thread, parent first.</summary>
    public IReadOnlyList<SlackFakeMessage> Thread(string channel, string threadTs)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channel, out var list) ? [.. list.Where(m => m.Ts == threadTs || m.ThreadTs == threadTs)] : [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await SocketMode.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // ---- Web API ----

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        // Slack reads JSON bodies only for methods that support them; others see no arguments.
        var body = await ReadArgumentsAsync(context.Request, JsonMethods.Contains(method)).ConfigureAwait(false);
        var token = context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;

        int? retryAfter = null;
        int? serverError = null;
        string? failure = null;
        TimeSpan? delay = null;
        lock (_gate)
        {
            if (_delays.TryGetValue(method, out var delays) && delays.Count > 0)
            {
                delay = delays.Dequeue();
            }

            if (_serverErrors.TryGetValue(method, out var errors) && errors.Count > 0)
            {
                serverError = errors.Dequeue();
            }
            else if (_rateLimits.TryGetValue(method, out var limits) && limits.Count > 0)
            {
                retryAfter = limits.Dequeue();
            }
            else if (method == "chat.postMessage" && PacingViolated(ArgOf(body, "channel")))
            {
                Interlocked.Increment(ref _pacingViolations);
                retryAfter = 1;
            }
            else if (_failures.TryGetValue(method, out var failures) && failures.Count > 0)
            {
                failure = failures.Dequeue();
            }

            _calls.Add(new SlackApiCall(method, context.Request.Method, context.Request.ContentType, body, token, DateTimeOffset.UtcNow, retryAfter is not null));
        }

        if (delay is { } wait)
        {
            await Task.Delay(wait, context.RequestAborted).ConfigureAwait(false);
        }

        if (serverError is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("<html>upstream error</html>").ConfigureAwait(false);
            return;
        }

        if (retryAfter is { } seconds)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WriteJsonAsync(context, Error("ratelimited")).ConfigureAwait(false);
            return;
        }

        JsonObject result;
        if (failure is not null)
        {
            result = Error(failure);
        }
        else if (AuthError(method, token) is { } authError)
        {
            result = Error(authError);
        }
        else
        {
            lock (_gate)
            {
                result = Answer(method, body, context);
            }
        }

        await WriteJsonAsync(context, result).ConfigureAwait(false);
    }

    private bool PacingViolated(string? channel)
    {
        if (PostMessageMinInterval <= TimeSpan.Zero || channel is null)
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        if (_lastPostTicks.TryGetValue(channel, out var last)
            && Stopwatch.GetElapsedTime(last, now) < PostMessageMinInterval - PacingTolerance)
        {
            return true;
        }

        _lastPostTicks[channel] = now;
        return false;
    }

    private static string? AuthError(string method, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "not_authed";
        }

        if (method == "apps.connections.open")
        {
            return token == AppToken ? null : token.StartsWith("xapp-", StringComparison.Ordinal) ? "invalid_auth" : "not_allowed_token_type";
        }

        return token == BotToken ? null : token.StartsWith("xoxb-", StringComparison.Ordinal) ? "invalid_auth" : "not_allowed_token_type";
    }

    private JsonObject Answer(string method, JsonElement args, HttpContext context) => method switch
    {
        "chat.postMessage" => PostMessage(args),
        "chat.update" => Update(args),
        "chat.postEphemeral" => Require(args, "channel", "user") ?? Ok(new JsonObject { ["message_ts"] = NextTs() }),
        "conversations.replies" => Replies(args),
        "views.open" => Require(args, "trigger_id", "view") ?? Ok(new JsonObject
        {
            ["view"] = new JsonObject { ["id"] = "V" + Interlocked.Increment(ref _viewCounter).ToString("D8", CultureInfo.InvariantCulture), ["hash"] = "h" },
        }),
        "chat.startStream" => StartStream(args),
        "chat.appendStream" => AppendOrStopStream(args, stop: false),
        "chat.stopStream" => AppendOrStopStream(args, stop: true),
        "assistant.threads.setStatus" => SetStatus(args),
        "users.info" => Require(args, "user") ?? (_users.TryGetValue(ArgOf(args, "user")!, out var user)
            ? Ok(new JsonObject { ["user"] = user.DeepClone() })
            : Error("user_not_found")),
        "usergroups.users.list" => Require(args, "usergroup") ?? (_userGroups.TryGetValue(ArgOf(args, "usergroup")!, out var members)
            ? Ok(new JsonObject { ["users"] = new JsonArray([.. members.Select(m => (JsonNode)JsonValue.Create(m))]) })
            : Error("no_such_subteam")),
        "auth.test" => Ok(new JsonObject
        {
            ["url"] = "https://fake.slack.test/",
            ["team"] = "Fake Team",
            ["user"] = "sechubbot",
            ["team_id"] = TeamId,
            ["user_id"] = BotUserId,
            ["bot_id"] = BotId,
        }),
        "apps.connections.open" => Ok(new JsonObject { ["url"] = SocketMode.IssueUrl(context).ToString() }),
        _ => Error("unknown_method"),
    };

    private JsonObject PostMessage(JsonElement args)
    {
        if (Require(args, "channel") is { } missing)
        {
            return missing;
        }

        if (ArgOf(args, "text") is null && !args.TryGetProperty("blocks", out _))
        {
            return Error("no_text");
        }

        if (MessageShapeError(args) is { } invalid)
        {
            return invalid;
        }

        var channel = ArgOf(args, "channel")!;
        // Slack has no error for an unknown thread_ts (a deleted parent still takes replies): store it as a reply.
        var threadTs = ArgOf(args, "thread_ts");

        var message = new SlackFakeMessage
        {
            Channel = channel,
            Ts = NextTs(),
            ThreadTs = threadTs,
            Text = ArgOf(args, "text"),
            BotId = BotId,
            User = BotUserId,
            Blocks = Element(args, "blocks"),
            Metadata = Element(args, "metadata"),
        };
        Store(message);
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = message.Ts, ["message"] = MessageJson(message, includeMetadata: false) });
    }

    /// <summary>
    /// assistant.threads.setStatus: channel_id, thread_ts and status required; at most 10 loading
    /// messages; the status stays until the app replies in the thread or sets an empty one.
    /// </summary>
    private JsonObject SetStatus(JsonElement args)
    {
        if (StatusRefusal is { } refusal)
        {
            return Error(refusal);
        }

        if (ArgOf(args, "channel_id") is not { } channel || ArgOf(args, "thread_ts") is not { } threadTs || ArgOf(args, "status") is not { } status)
        {
            return Error("invalid_arguments");
        }

        if (!_channels.TryGetValue(channel, out var list))
        {
            return Error("channel_not_found");
        }

        if (!list.Any(m => m.Ts == threadTs))
        {
            return Error("invalid_thread_ts");
        }

        if (Element(args, "loading_messages") is { } loading && (loading.ValueKind != JsonValueKind.Array || loading.GetArrayLength() > MaxLoadingMessages))
        {
            return Error("invalid_arguments", "loading_messages must be an array of at most 10 strings");
        }

        if (status.Length == 0)
        {
            _threadStatus.Remove(channel + "/" + threadTs);
        }
        else
        {
            _threadStatus[channel + "/" + threadTs] = status;
        }

        return Ok(new JsonObject());
    }

    private JsonObject StartStream(JsonElement args)
    {
        if (Require(args, "channel", "thread_ts") is { } missing)
        {
            return missing;
        }

        if (StreamingRefusal is { } refusal)
        {
            return Error(refusal);
        }

        if (MarkdownTooLong(args) is { } tooLong)
        {
            return tooLong;
        }

        var channel = ArgOf(args, "channel")!;

        // Outside a DM Slack needs to know whom the stream is for.
        if (!channel.StartsWith('D'))
        {
            if (ArgOf(args, "recipient_user_id") is null)
            {
                return Error("missing_recipient_user_id");
            }

            if (ArgOf(args, "recipient_team_id") is null)
            {
                return Error("missing_recipient_team_id");
            }
        }

        var message = new SlackFakeMessage
        {
            Channel = channel,
            Ts = NextTs(),
            ThreadTs = ArgOf(args, "thread_ts"),
            BotId = BotId,
            User = BotUserId,
            MarkdownText = ArgOf(args, "markdown_text") ?? string.Empty,
            StreamState = "streaming",
        };
        Store(message);
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = message.Ts });
    }

    private JsonObject AppendOrStopStream(JsonElement args, bool stop)
    {
        if (Require(args, stop ? ["channel", "ts"] : ["channel", "ts", "markdown_text"]) is { } missing)
        {
            return missing;
        }

        var channel = ArgOf(args, "channel")!;
        var ts = ArgOf(args, "ts")!;
        if (!_channels.TryGetValue(channel, out var list) || list.FindIndex(m => m.Ts == ts) is var index && index < 0)
        {
            return Error("message_not_found");
        }

        var old = list[index];
        if (old.StreamState != "streaming")
        {
            return Error("message_not_in_streaming_state");
        }

        if (!stop && StreamsExpireAfterAppends is { } expireAfter && old.Appends >= expireAfter)
        {
            list[index] = old with { StreamState = "expired" };
            return Error("message_not_in_streaming_state");
        }

        if (MarkdownTooLong(args) is { } tooLong)
        {
            return tooLong;
        }

        if (stop && MessageShapeError(args, markdownWithBlocks: true) is { } invalid)
        {
            return invalid;
        }

        list[index] = old with
        {
            MarkdownText = old.MarkdownText + ArgOf(args, "markdown_text"),
            StreamState = stop ? "completed" : "streaming",
            Blocks = stop ? Element(args, "blocks") ?? old.Blocks : old.Blocks,
            Metadata = stop ? Element(args, "metadata") ?? old.Metadata : old.Metadata,
            Updates = old.Updates + 1,
            Appends = stop ? old.Appends : old.Appends + 1,
        };
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts });
    }

    /// <summary>
    /// The streaming pages name no error for over-long markdown_text; the fake answers chat.postMessage's
    /// msg_too_long so a client that ignores the 12,000-character limit fails loudly.
    /// </summary>
    private static JsonObject? MarkdownTooLong(JsonElement args) =>
        ArgOf(args, "markdown_text") is { Length: > StreamMarkdownLimit } ? Error("msg_too_long", "markdown_text must be at most 12000 characters") : null;

    private JsonObject Update(JsonElement args)
    {
        if (Require(args, "channel", "ts") is { } missing)
        {
            return missing;
        }

        if (MessageShapeError(args) is { } invalid)
        {
            return invalid;
        }

        var channel = ArgOf(args, "channel")!;
        var ts = ArgOf(args, "ts")!;
        if (!_channels.TryGetValue(channel, out var list) || list.FindIndex(m => m.Ts == ts) is var index && index < 0)
        {
            return Error("message_not_found");
        }

        var old = list[index];

        // A message that is still streaming belongs to the streaming methods until it is stopped.
        if (old.StreamState == "streaming")
        {
            return Error("streaming_state_conflict");
        }

        var updated = old with
        {
            Text = ArgOf(args, "text") ?? old.Text,
            Blocks = Element(args, "blocks") ?? old.Blocks,

            // Omitted metadata keeps the old; {} removes it (Slack's rule).
            Metadata = Element(args, "metadata") is { } m ? (m.ValueKind == JsonValueKind.Object && !m.EnumerateObject().Any() ? null : m) : old.Metadata,
            Updates = old.Updates + 1,
        };
        list[index] = updated;
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = updated.Text });
    }

    private JsonObject Replies(JsonElement args)
    {
        if (Require(args, "channel", "ts") is { } missing)
        {
            return missing;
        }

        var channel = ArgOf(args, "channel")!;
        var ts = ArgOf(args, "ts")!;
        if (!_channels.TryGetValue(channel, out var list))
        {
            return Error("channel_not_found");
        }

        var thread = list.Where(m => m.Ts == ts || m.ThreadTs == ts).ToList();
        if (thread.Count == 0)
        {
            return Error("thread_not_found");
        }

        var limit = int.TryParse(ArgOf(args, "limit"), CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, RepliesPageSize) : Math.Min(1000, RepliesPageSize);
        var offset = 0;
        if (ArgOf(args, "cursor") is { Length: > 0 } cursor)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (!decoded.StartsWith("offset:", StringComparison.Ordinal) || !int.TryParse(decoded["offset:".Length..], CultureInfo.InvariantCulture, out offset))
            {
                return Error("invalid_cursor");
            }
        }

        var withMetadata = ArgOf(args, "include_all_metadata") is "true" or "1";
        var page = thread.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < thread.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (offset + page.Count).ToString(CultureInfo.InvariantCulture))) : string.Empty;
        return Ok(new JsonObject
        {
            ["messages"] = new JsonArray([.. page.Select(m => (JsonNode)MessageJson(m, withMetadata, replyCount: m.Ts == ts ? thread.Count - 1 : null))]),
            ["has_more"] = next.Length > 0,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    /// <summary>
    /// What Slack itself rejects in a message body: more than 50 blocks or a block without a type
    /// (invalid_blocks), markdown_text together with text or blocks, and metadata whose event_type
    /// is not letters, digits, '_' and '-' or whose event_payload is not an object.
    /// </summary>
    private static JsonObject? MessageShapeError(JsonElement args, bool markdownWithBlocks = false)
    {
        if (Element(args, "blocks") is { } blocks)
        {
            if (blocks.ValueKind != JsonValueKind.Array)
            {
                return Error("invalid_blocks_format");
            }

            if (blocks.GetArrayLength() > 50)
            {
                return Error("invalid_blocks", "no more than 50 items allowed [json-pointer:/blocks]");
            }

            var index = 0;
            foreach (var block in blocks.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return Error("invalid_blocks", $"missing required field: type [json-pointer:/blocks/{index}]");
                }

                if (BlockError(block, $"/blocks/{index}") is { } detail)
                {
                    return Error("invalid_blocks", detail);
                }

                index++;
            }
        }

        // chat.stopStream renders its blocks below the streamed Markdown; elsewhere markdown_text stands alone.
        if (ArgOf(args, "markdown_text") is not null && (ArgOf(args, "text") is not null || (!markdownWithBlocks && ArgOf(args, "blocks") is not null)))
        {
            return Error("markdown_text_conflict");
        }

        if (Element(args, "metadata") is { ValueKind: JsonValueKind.Object } metadata && metadata.EnumerateObject().Any())
        {
            var eventType = metadata.TryGetProperty("event_type", out var et) && et.ValueKind == JsonValueKind.String ? et.GetString() : null;
            if (string.IsNullOrEmpty(eventType) || !eventType.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return Error("invalid_metadata_format", "event_type must be letters, digits, '_' or '-'");
            }

            if (!metadata.TryGetProperty("event_payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return Error("invalid_metadata_format", "event_payload must be an object");
            }
        }

        return null;
    }

    /// <summary>
    /// A few of Slack's Block Kit rules: a text object (any object with a string <c>text</c>) needs a
    /// <c>type</c>; a header's text is plain_text of at most 150 characters; a section's text at most 3000.
    /// </summary>
    private static string? BlockError(JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (BlockError(item, $"{pointer}/{i++}") is { } error)
                {
                    return error;
                }
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (element.TryGetProperty("text", out var text))
        {
            if (text.ValueKind == JsonValueKind.String && type is null)
            {
                return $"missing required field: type [json-pointer:{pointer}]";
            }

            var textLength = text.ValueKind == JsonValueKind.Object && text.TryGetProperty("text", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString()!.Length : 0;
            var textType = text.ValueKind == JsonValueKind.Object && text.TryGetProperty("type", out var tt) ? tt.GetString() : null;
            if (type == "header" && (textType != "plain_text" || textLength > 150))
            {
                return $"must be a plain_text object of no more than 150 characters [json-pointer:{pointer}/text]";
            }

            if (type == "section" && textLength > 3000)
            {
                return $"must be less than 3001 characters [json-pointer:{pointer}/text/text]";
            }
        }

        // A context_actions block holds at most 5 feedback_buttons / icon_button elements.
        if (type == "context_actions" && element.TryGetProperty("elements", out var actions)
            && (actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() > 5
                || actions.EnumerateArray().Any(a => !a.TryGetProperty("type", out var at) || at.GetString() is not ("feedback_buttons" or "icon_button"))))
        {
            return $"must be at most 5 feedback_buttons or icon_button elements [json-pointer:{pointer}/elements]";
        }

        foreach (var property in element.EnumerateObject())
        {
            if (BlockError(property.Value, $"{pointer}/{property.Name}") is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        if (!_responseUrlPosts.TryGetValue(id, out var posts))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await WriteJsonAsync(context, Error("invalid_response_url")).ConfigureAwait(false);
            return;
        }

        var body = await ReadArgumentsAsync(context.Request, acceptJson: true).ConfigureAwait(false);
        int count;
        lock (posts)
        {
            posts.Add(body);
            count = posts.Count;
        }

        // A response_url works up to 5 times within 30 minutes.
        await WriteJsonAsync(context, count <= 5 ? Ok(new JsonObject()) : Error("used_url")).ConfigureAwait(false);
    }

    private static JsonObject MessageJson(SlackFakeMessage m, bool includeMetadata, int? replyCount = null)
    {
        var json = new JsonObject { ["type"] = "message", ["ts"] = m.Ts, ["text"] = m.Text ?? m.MarkdownText };
        if (m.ThreadTs is not null || replyCount > 0)
        {
            json["thread_ts"] = m.ThreadTs ?? m.Ts;
        }

        if (replyCount is > 0)
        {
            json["reply_count"] = replyCount;
        }

        if (m.User is not null)
        {
            json["user"] = m.User;
        }

        if (m.BotId is not null)
        {
            json["bot_id"] = m.BotId;
            json["app_id"] = AppId;
        }

        if (m.Blocks is { } blocks)
        {
            json["blocks"] = JsonNode.Parse(blocks.GetRawText());
        }

        if (includeMetadata && m.Metadata is { } metadata)
        {
            json["metadata"] = JsonNode.Parse(metadata.GetRawText());
        }

        return json;
    }

    private void Store(SlackFakeMessage message)
    {
        // Slack clears a thread's status when the app replies in it.
        if (message.BotId is not null && message.ThreadTs is { } thread)
        {
            _threadStatus.Remove(message.Channel + "/" + thread);
        }

        var list = _channels.TryGetValue(message.Channel, out var l) ? l : _channels[message.Channel] = [];
        list.Add(message);
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _tsCounter);
        return $"{_tsSeconds + (n / 1_000_000)}.{n % 1_000_000:D6}";
    }

    private static JsonObject? Require(JsonElement args, params string[] names)
    {
        var missing = names.Where(n => ArgOf(args, n) is null).ToList();
        return missing.Count == 0 ? null : Error(names.Length == 1 && names[0] == "channel" ? "channel_not_found" : "invalid_arguments");
    }

    private static JsonObject Ok(JsonObject fields)
    {
        var result = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonObject Error(string error, string? detail = null)
    {
        var result = new JsonObject { ["ok"] = false, ["error"] = error };
        if (detail is not null)
        {
            result["response_metadata"] = new JsonObject { ["messages"] = new JsonArray(JsonValue.Create("[ERROR] " + detail)) };
        }

        return result;
    }

    private static string? ArgOf(JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>A JSON argument: as sent in a JSON body, or parsed from a form field holding JSON.</summary>
    private static JsonElement? Element(JsonElement args, string name)
    {
        if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var document = JsonDocument.Parse(value.GetString()!);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return value.Clone();
            }
        }

        return value.Clone();
    }

    private static async Task<JsonElement> ReadArgumentsAsync(HttpRequest request, bool acceptJson)
    {
        var fields = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            fields[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }
        }
        else if (acceptJson && request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        using var parsed = JsonDocument.Parse(fields.ToJsonString());
        return parsed.RootElement.Clone();
    }

    private static Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}

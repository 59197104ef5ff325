using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecHubBot.Core.Slack.Messages;

using SecHubBot.Core.Telemetry;

namespace SecHubBot.Core.Slack.WebApi;

/// <summary>
/// The Slack Web API calls SecHubBot makes, one typed method each. JSON bodies where Slack accepts
/// them (chat.*, views.open); GET with a query where it does not (conversations.replies, users.info,
/// usergroups.users.list). <c>ok:false</c> throws <see cref="SlackApiException"/>; HTTP 429 waits
/// Retry-After and retries, up to <see cref="SlackOptions.MaxRateLimitRetries"/> times.
/// Tokens travel only in the Authorization header and are never logged or put in an exception.
/// </summary>
/// <remarks>https://docs.slack.dev/apis/web-api/</remarks>
public sealed partial class SlackApiClient
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly SlackCallPacer _pacer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SlackApiClient(HttpClient http, SlackOptions options, SlackCallPacer? pacer = null, ILogger<SlackApiClient>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
        _pacer = pacer ?? new SlackCallPacer(options.PostMessageInterval, _time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>chat.postMessage, paced per channel so a burst arrives whole and in order.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/chat.postMessage</remarks>
    public Task<PostMessageResult> PostMessageAsync(SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Ts is not null)
        {
            throw new ArgumentException("A message with Ts is an update; call UpdateMessageAsync.", nameof(message));
        }

        return _pacer.InChannelOrderAsync(
            message.Channel,
            () => CallAsync("chat.postMessage", () => JsonPost("chat.postMessage", message, SlackJson.Context.SlackMessage), SlackJson.Context.PostMessageResult, cancellationToken),
            cancellationToken);
    }

    /// <summary>chat.update of <see cref="SlackMessage.Ts"/>. Omitted metadata keeps the old metadata.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/chat.update</remarks>
    public Task<UpdateMessageResult> UpdateMessageAsync(SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.Ts))
        {
            throw new ArgumentException("chat.update needs the Ts of the message to replace.", nameof(message));
        }

        // chat.update takes no unfurl arguments (the message keeps how it was unfurled).
        var update = message with { UnfurlLinks = null, UnfurlMedia = null };
        return CallAsync("chat.update", () => JsonPost("chat.update", update, SlackJson.Context.SlackMessage), SlackJson.Context.UpdateMessageResult, cancellationToken);
    }

    /// <remarks>https://docs.slack.dev/reference/methods/chat.postEphemeral</remarks>
    public Task<PostEphemeralResult> PostEphemeralAsync(EphemeralMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return CallAsync("chat.postEphemeral", () => JsonPost("chat.postEphemeral", message, SlackJson.Context.EphemeralMessage), SlackJson.Context.PostEphemeralResult, cancellationToken);
    }

    /// <summary>One page of a thread, with every message's metadata (include_all_metadata).</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/conversations.replies</remarks>
    public Task<RepliesPage> GetRepliesPageAsync(string channel, string threadTs, string? cursor = null, int limit = 200, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(threadTs);
        var query = new List<KeyValuePair<string, string>>
        {
            new("channel", channel),
            new("ts", threadTs),
            new("include_all_metadata", "true"),
            new("limit", limit.ToString(CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add(new("cursor", cursor));
        }

        return CallAsync("conversations.replies", () => Get("conversations.replies", query), SlackJson.Context.RepliesPage, cancellationToken);
    }

    /// <summary>The whole thread, parent first, following next_cursor until the last page.</summary>
    public async Task<IReadOnlyList<ConversationMessage>> GetThreadAsync(string channel, string threadTs, int pageSize = 200, CancellationToken cancellationToken = default)
    {
        var messages = new List<ConversationMessage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await GetRepliesPageAsync(channel, threadTs, cursor, pageSize, cancellationToken).ConfigureAwait(false);

            // Every page repeats the parent first; keep each message once.
            messages.AddRange(page.Messages.Where(m => seen.Add(m.Ts)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return messages;
    }

    /// <remarks>https://docs.slack.dev/reference/methods/views.open</remarks>
    public async Task<OpenedView> OpenViewAsync(string triggerId, BlockKit.ModalView view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new ViewsOpenRequest(triggerId, view);
        var result = await CallAsync("views.open", () => JsonPost("views.open", body, SlackJson.Context.ViewsOpenRequest), SlackJson.Context.ViewsOpenResult, cancellationToken).ConfigureAwait(false);
        return result.View;
    }

    /// <summary>
    /// Starts a streamed reply. It creates a message in the channel, so it waits its turn in the
    /// channel's lane like chat.postMessage.
    /// </summary>
    /// <remarks>https://docs.slack.dev/reference/methods/chat.startStream</remarks>
    public Task<StreamResult> StartStreamAsync(StartStreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _pacer.InChannelOrderAsync(
            request.Channel,
            () => CallAsync("chat.startStream", () => JsonPost("chat.startStream", request, SlackJson.Context.StartStreamRequest), SlackJson.Context.StreamResult, cancellationToken),
            cancellationToken);
    }

    /// <remarks>https://docs.slack.dev/reference/methods/chat.appendStream</remarks>
    public Task<StreamResult> AppendStreamAsync(AppendStreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync("chat.appendStream", () => JsonPost("chat.appendStream", request, SlackJson.Context.AppendStreamRequest), SlackJson.Context.StreamResult, cancellationToken);
    }

    /// <remarks>https://docs.slack.dev/reference/methods/chat.stopStream</remarks>
    public Task<StreamResult> StopStreamAsync(StopStreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync("chat.stopStream", () => JsonPost("chat.stopStream", request, SlackJson.Context.StopStreamRequest), SlackJson.Context.StreamResult, cancellationToken);
    }

    /// <summary>Shows (or, with an empty status, clears) the "thinking" line in a thread.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/assistant.threads.setStatus</remarks>
    public Task<SetStatusResult> SetThreadStatusAsync(SetStatusRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.LoadingMessages is { Count: > SetStatusRequest.MaxLoadingMessages })
        {
            throw new ArgumentException($"Slack takes at most {SetStatusRequest.MaxLoadingMessages} loading messages.", nameof(request));
        }

        return CallAsync("assistant.threads.setStatus", () => JsonPost("assistant.threads.setStatus", request, SlackJson.Context.SetStatusRequest), SlackJson.Context.SetStatusResult, cancellationToken);
    }

    /// <remarks>https://docs.slack.dev/reference/methods/users.info</remarks>
    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var result = await CallAsync("users.info", () => Get("users.info", [new("user", userId)]), SlackJson.Context.UserInfoResult, cancellationToken).ConfigureAwait(false);
        return result.User;
    }

    /// <summary>The user IDs in a user group (for <c>Authorization:Approvers</c> entries that are groups, S…).</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/usergroups.users.list</remarks>
    public async Task<IReadOnlyList<string>> ListUserGroupMembersAsync(string userGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userGroupId);
        var result = await CallAsync("usergroups.users.list", () => Get("usergroups.users.list", [new("usergroup", userGroupId)]), SlackJson.Context.UserGroupUsersResult, cancellationToken).ConfigureAwait(false);
        return result.Users;
    }

    /// <remarks>https://docs.slack.dev/reference/methods/auth.test</remarks>
    public Task<AuthTestResult> AuthTestAsync(CancellationToken cancellationToken = default) =>
        CallAsync("auth.test", () => EmptyPost("auth.test", BotToken()), SlackJson.Context.AuthTestResult, cancellationToken);

    /// <summary>
    /// A fresh single-use Socket Mode URL. Takes the app-level token (xapp-) in the Authorization
    /// header: Slack rejects it as a POST parameter.
    /// </summary>
    /// <remarks>https://docs.slack.dev/reference/methods/apps.connections.open</remarks>
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("apps.connections.open", () => EmptyPost("apps.connections.open", AppToken()), SlackJson.Context.ConnectionsOpenResult, cancellationToken).ConfigureAwait(false);
        return new Uri(result.Url, UriKind.Absolute);
    }

    /// <summary>
    /// Posts to an interaction's response_url (no token: the URL is the credential, so it is never logged).
    /// Slack answers <c>ok</c> as text or JSON; an <c>ok:false</c> JSON answer throws.
    /// </summary>
    /// <remarks>https://docs.slack.dev/interactivity/handling-user-interaction#message_responses</remarks>
    public async Task PostToResponseUrlAsync(Uri responseUrl, ResponseUrlMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        ArgumentNullException.ThrowIfNull(message);
        if (!responseUrl.IsAbsoluteUri || (responseUrl.Scheme != Uri.UriSchemeHttps && responseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("response_url must be an absolute http(s) URL.", nameof(responseUrl));
        }

        const string method = "response_url";
        await SendWithRetriesAsync(
            method,
            () => CredentialUrls.MarkAsCredential(new HttpRequestMessage(HttpMethod.Post, responseUrl)
            {
                Content = JsonContent(message, SlackJson.Context.ResponseUrlMessage),
            }),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> CallAsync<T>(string method, Func<HttpRequestMessage> build, JsonTypeInfo<T> resultType, CancellationToken cancellationToken)
    {
        var root = await SendWithRetriesAsync(method, build, cancellationToken).ConfigureAwait(false)
            ?? throw new SlackApiException(method, "invalid_response");
        try
        {
            return root.Deserialize(resultType) ?? throw new SlackApiException(method, "invalid_response");
        }
        catch (JsonException)
        {
            throw new SlackApiException(method, "invalid_response");
        }
    }

    /// <summary>Sends until Slack answers something other than a rate limit; returns the JSON root (null for a non-JSON "ok").</summary>
    private async Task<JsonElement?> SendWithRetriesAsync(string method, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await _pacer.WaitForMethodAsync(method, cancellationToken).ConfigureAwait(false);

            // A request message can be sent only once, so every attempt builds a new one.
            using var request = build();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.TooManyRequests || IsRateLimitedError(body))
            {
                var retryAfter = RetryAfter(response);
                _pacer.BlockMethod(method, retryAfter);
                SecHubBotTelemetry.SlackRateLimited.Add(1, new KeyValuePair<string, object?>("method", method));
                if (attempt >= _options.MaxRateLimitRetries)
                {
                    LogRateLimitGaveUp(_logger, method, attempt + 1);
                    throw new SlackApiException(method, "ratelimited", retryAfter);
                }

                LogRateLimited(_logger, method, retryAfter.TotalSeconds, attempt + 1);
                SecHubBotTelemetry.SlackRetries.Add(1, new KeyValuePair<string, object?>("method", method));
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }

            var root = ParseJson(body);
            if (root is null)
            {
                // response_url answers a bare "ok"; every Web API method answers JSON.
                if (method == "response_url" && Encoding.UTF8.GetString(body).Trim() == "ok")
                {
                    return null;
                }

                throw new SlackApiException(method, "invalid_response");
            }

            var value = root.Value;
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var error = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                    ? e.GetString()!
                    : "unknown_error";
                LogCallFailed(_logger, method, error);
                throw new SlackApiException(method, error, messages: ResponseMessages(value));
            }

            if (value.TryGetProperty("warning", out var warning) && warning.ValueKind == JsonValueKind.String)
            {
                LogCallWarning(_logger, method, warning.GetString()!);
            }

            return value;
        }
    }

    private static bool IsRateLimitedError(byte[] body)
    {
        // Some methods (apps.connections.open among them) answer 200 with error "ratelimited".
        if (body.Length == 0 || body.Length > 512)
        {
            return false;
        }

        var root = ParseJson(body);
        return root is { ValueKind: JsonValueKind.Object } r
            && r.TryGetProperty("error", out var e)
            && e.ValueKind == JsonValueKind.String
            && e.GetString() is "ratelimited" or "rate_limited";
    }

    private static JsonElement? ParseJson(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string>? ResponseMessages(JsonElement root) =>
        root.TryGetProperty("response_metadata", out var metadata)
        && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("messages", out var messages)
        && messages.ValueKind == JsonValueKind.Array
            ? messages.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!).ToList()
            : null;

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return _options.DefaultRetryAfter;
    }

    private HttpRequestMessage JsonPost<T>(string method, T body, JsonTypeInfo<T> type)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MethodUri(method, null))
        {
            Content = JsonContent(body, type),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotToken());
        return request;
    }

    private HttpRequestMessage EmptyPost(string method, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MethodUri(method, null))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private HttpRequestMessage Get(string method, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, MethodUri(method, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotToken());
        return request;
    }

    private static ByteArrayContent JsonContent<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));

        // Slack reads JSON bodies only with this exact media type and charset.
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType) { CharSet = "utf-8" };
        return content;
    }

    private Uri MethodUri(string method, IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        var relative = query is null or { Count: 0 }
            ? method
            : method + "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return new Uri(_options.ApiBaseUri, relative);
    }

    private string BotToken() => string.IsNullOrWhiteSpace(_options.BotToken)
        ? throw new InvalidOperationException("Slack:BotToken (or SLACK_BOT_TOKEN) is not configured.")
        : _options.BotToken;

    private string AppToken() => string.IsNullOrWhiteSpace(_options.AppToken)
        ? throw new InvalidOperationException("Slack:AppToken (or SLACK_APP_TOKEN) is not configured; Socket Mode needs an xapp- token.")
        : _options.AppToken;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} rate limited; retrying in {RetryAfterSeconds}s (attempt {Attempt})")]
    private static partial void LogRateLimited(ILogger logger, string method, double retryAfterSeconds, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack {Method} still rate limited after {Attempts} attempts; giving up")]
    private static partial void LogRateLimitGaveUp(ILogger logger, string method, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string method, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack {Method} warning: {Warning}")]
    private static partial void LogCallWarning(ILogger logger, string method, string warning);
}

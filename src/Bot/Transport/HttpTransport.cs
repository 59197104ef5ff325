using Microsoft.Extensions.Options;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Bot.Transport.Http;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Transport;

/// <summary>
/// HTTP mode (no app token): Slack POSTs events, interactions and slash commands. Each body is
/// signature-checked on the raw bytes, read into the same <see cref="SlackRequest"/> Socket Mode makes,
/// and handed to the dispatcher; the endpoint answers as soon as the handler acks (or at
/// <see cref="BotOptions.HttpAckDeadline"/>), while the handler carries on in the background.
/// </summary>
public static partial class HttpTransport
{
    /// <summary>Slack's bodies are a few KB (a view_submission with a large modal stays far below this).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlackHttpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/slack/events", HandleAsync);
        endpoints.MapPost("/slack/interactions", HandleAsync);
        endpoints.MapPost("/slack/commands", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var slack = services.GetRequiredService<IOptions<SlackOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpTransport));
        if (string.IsNullOrWhiteSpace(slack.SigningSecret))
        {
            // Socket Mode pods carry no signing secret: these endpoints are not theirs.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var work = services.GetRequiredService<InFlightWork>();
        if (work.IsStopping)
        {
            // Slack retries events elsewhere; a 503 is the honest answer while draining.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        byte[]? body;
        using (var slot = services.GetRequiredService<UnverifiedBodyGate>().TryEnter())
        {
            if (slot is null)
            {
                LogBusy(logger, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }

        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (IsSslCheck(context.Request.ContentType, body))
        {
            // Slack's periodic certificate probe on the slash command URL: it only wants a 200.
            return;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var verifier = new SlackRequestVerifier(slack.SigningSecret, time);
        var signature = context.Request.Headers[SlackRequestVerifier.SignatureHeader].ToString();
        var verdict = verifier.Verify(context.Request.Headers[SlackRequestVerifier.TimestampHeader].ToString(), signature, body);
        if (verdict != SlackSignatureResult.Valid)
        {
            LogRejected(logger, context.Request.Path, verdict);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var reader = new SlackHttpRequestReader(services.GetRequiredService<ILogger<SlackRequest>>());
        var read = reader.Read(
            context.Request.ContentType,
            body,
            context.Request.Headers[SlackHttpRequestReader.RetryNumHeader].ToString(),
            context.Request.Headers[SlackHttpRequestReader.RetryReasonHeader].ToString());
        if (read is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (read.Challenge is { } challenge)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(challenge, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The same signature twice is the same request again: never handled twice. An event is answered 200
        // (were it Slack's own redelivery, a refusal would only make Slack send it again; its event_id dedupe
        // would drop it anyway); an interaction or command, which has no id of its own, is refused.
        if (!services.GetRequiredService<SignatureReplayGuard>().TryAccept(signature))
        {
            LogReplayed(logger, context.Request.Path);
            context.Response.StatusCode = read.Request!.Kind == SlackRequestKind.EventsApi ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
            return;
        }

        var dispatcher = services.GetRequiredService<ISlackRequestHandler>();
        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var request = read.Request!;

        // The handler outlives this HTTP request: it must not see RequestAborted, and the dispatcher
        // registers it as in-flight work so shutdown waits for it.
        var handling = Task.Run(() => RunHandlerAsync(dispatcher, request, logger), CancellationToken.None);
        var ack = await read.WaitForAckAsync(handling, options.HttpAckDeadline, time, context.RequestAborted).ConfigureAwait(false);
        if (request.IsDeclined)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (ack is { } payload)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(payload.GetRawText(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task RunHandlerAsync(ISlackRequestHandler dispatcher, SlackRequest request, ILogger logger)
    {
        try
        {
            await dispatcher.HandleAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, request.Kind);
        }
    }

    private static bool IsSslCheck(string? contentType, byte[] body) =>
        contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
        && System.Text.Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 256)).Split('&').Contains("ssl_check=1", StringComparer.Ordinal);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to {Path}: signature {Verdict}")]
    private static partial void LogRejected(ILogger logger, PathString path, SlackSignatureResult verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a request to {Path}: its signature was already used (a replay)")]
    private static partial void LogReplayed(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Path}: too many unverified bodies being read at once")]
    private static partial void LogBusy(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler for {Kind} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, SlackRequestKind kind);
}

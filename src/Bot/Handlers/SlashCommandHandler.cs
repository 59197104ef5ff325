using System.Text.Json;
using SecHubBot.Bot.Dispatch;
using SecHubBot.Core.Alerts;
using SecHubBot.Core.Explain;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Bot.Transport;
using SecHubBot.Bot.Transport.Payloads;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Handlers;

/// <summary>
/// <c>/sechub explain &lt;finding id or ARN&gt;</c> (an ASFF Id or ARN, or an OCSF finding's metadata.uid or finding_info.uid) and <c>/sechub help</c>. The argument is checked before the
/// ack, so usage errors come back at once (ephemeral); a valid request is acked with "looking it up" and
/// then answered: an alert thread for the finding in this channel (follow-ups work there, as for any alert),
/// or an ephemeral message when the finding is not found, Security Hub refuses, or the bot is not in the channel.
/// Only viewers and approvers may look findings up (<see cref="Authorization.ApproverPolicy.IsViewerAsync"/>): a
/// lookup reaches any finding of any account, where an alert channel shows only what is routed to it.
/// </summary>
public sealed partial class SlashCommandHandler(
    SecurityHubClient securityHub,
    IFindingExplainer explainer,
    SlackApiClient slack,
    Authorization.ApproverPolicy access,
    ILogger<SlashCommandHandler> logger) : ISlashCommandHandler
{
    /// <summary>ASFF allows 512 characters for a finding Id.</summary>
    public const int MaxFindingIdLength = 512;

    public const string NotAViewerText =
        ":lock: Looking up findings is limited to the people and user groups named in `Authorization:Viewers` (and the approvers, `Authorization:Approvers`). " +
        "Ask whoever runs SecHubBot to add you or your team; alerts in the security channels stay open to their members.";

    public const string Usage =
        "*SecHubBot commands*\n" +
        "• `/sechub explain <finding id or ARN>`: post an alert thread for a Security Hub finding (an ASFF Id or ARN, or an OCSF metadata.uid or finding_info.uid) in this channel; ask follow-up questions in its thread.\n" +
        "• `/sechub help`: this list.";

    private readonly AlertComposer _composer = new();

    public string Command => "/sechub";

    public async Task HandleAsync(SlackRequest request, SlashCommandPayload command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(command);
        var text = (command.Text ?? string.Empty).Trim();
        var space = text.IndexOfAny([' ', '\t', '\n']);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : text[(space + 1)..].Trim();

        switch (verb)
        {
            case "" or "help":
                await request.AckAsync(Ephemeral(Usage), cancellationToken).ConfigureAwait(false);
                return;
            case "explain":
                break;
            default:
                await request.AckAsync(Ephemeral($"I don't know `{Mrkdwn.PlainTruncate(Mrkdwn.Escape(verb), 40).Replace("`", "'", StringComparison.Ordinal)}`.\n{Usage}"), cancellationToken).ConfigureAwait(false);
                return;
        }

        if (ValidateFindingId(argument) is { } problem)
        {
            await request.AckAsync(Ephemeral($"{problem}\nUsage: `/sechub explain <finding id or ARN>`"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var channel = command.ChannelId;
        var user = command.UserId;
        var responseUrl = command.ResponseUri;
        await request.AckAsync(Ephemeral($":mag: Looking up {Mrkdwn.Code(argument)}…"), cancellationToken).ConfigureAwait(false);
        if (channel is null || user is null)
        {
            return;
        }

        // After the ack: a user group's members may take a Slack call to read, and the answer must not miss Slack's 3 s.
        if (!await access.IsViewerAsync(user, cancellationToken).ConfigureAwait(false))
        {
            LogNotAViewer(logger, user);
            await TellAsync(channel, user, responseUrl, NotAViewerText, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ExplainAsync(argument, channel, user, responseUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when <paramref name="id"/> can be a finding Id; otherwise what is wrong with it.</summary>
    public static string? ValidateFindingId(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "Which finding? Give its Id or ARN.";
        }

        if (id.Length > MaxFindingIdLength)
        {
            return $"That is longer than a finding Id can be ({MaxFindingIdLength} characters).";
        }

        // Finding Ids are printable ASCII without spaces (ARNs, UUIDs, product-specific ids).
        if (!id.All(c => c is > ' ' and < '\u007f'))
        {
            return "That does not look like a finding Id or ARN (one word of printable characters, e.g. arn:aws:securityhub:...).";
        }

        return null;
    }

    private async Task ExplainAsync(string findingId, string channel, string user, Uri? responseUrl, CancellationToken cancellationToken)
    {
        Core.Findings.Finding? finding;
        try
        {
            finding = (await securityHub.GetFindingsByIdsAsync([findingId], cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? await FindOcsfAsync(findingId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            LogLookupFailed(logger, ex.GetType().Name);
            await TellAsync(channel, user, responseUrl, ":warning: Security Hub could not be reached. Try again in a minute.", cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (SecurityHubException ex)
        {
            LogLookupFailed(logger, ex.Code);
            await TellAsync(channel, user, responseUrl, ex.IsAccessDenied
                ? $":lock: Security Hub denied the lookup: the bot's AWS role needs `{ex.IamAction}`."
                : $":warning: Security Hub could not look the finding up ({Mrkdwn.Escape(ex.Code)}). Try again in a minute.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (finding is null)
        {
            await TellAsync(channel, user, responseUrl,
                $":grey_question: No finding {Mrkdwn.Code(Mrkdwn.PlainTruncate(findingId, 200))} in Security Hub for this bot's account and region, or its AWS identity cannot see it. Check the Id (the full ARN from the finding's details).",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var explanation = await explainer.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);

        // Already closed: the parent shows that state (and Reopen) instead of Resolve/Suppress.
        var state = AlertState.Of(finding);
        var messages = _composer.Compose(AlertSubject.Single(finding), explanation, channel, state.Status.IsClosed() ? state : null);
        PostMessageResult parent;
        try
        {
            parent = await slack.PostMessageAsync(messages.Parent, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "channel_not_found" or "is_archived")
        {
            LogNotInChannel(logger, channel, ex.Error);
            await TellAsync(channel, user, responseUrl,
                $":wave: I'm not a member of this channel, so I can't post the alert thread here. Invite me with `/invite @SecHubBot` and run the command again.\n*{Mrkdwn.EscapeAndTruncate(finding.Title, 300)}*: {Mrkdwn.EscapeAndTruncate(explanation.Summary, 1500)}",
                cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (SlackApiException ex)
        {
            LogPostFailed(logger, channel, ex.Error);
            await TellAsync(channel, user, responseUrl, $":warning: Slack refused the alert ({Mrkdwn.Escape(ex.Error)}). Try again in a minute.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await slack.PostMessageAsync(messages.InThread(parent.Ts).FirstReply, cancellationToken).ConfigureAwait(false);
        LogPosted(logger, channel, parent.Ts);
    }

    /// <summary>The new Security Hub's finding with this metadata.uid, else this finding_info.uid (the providing product's id).</summary>
    private async Task<Core.Findings.Finding?> FindOcsfAsync(string id, CancellationToken cancellationToken) =>
        (await securityHub.GetFindingsV2ByMetadataUidsAsync([id], cancellationToken).ConfigureAwait(false)).FirstOrDefault()
        ?? (await securityHub.GetFindingsV2ByFindingInfoUidsAsync([id], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    private async Task TellAsync(string channel, string user, Uri? responseUrl, string mrkdwn, CancellationToken cancellationToken)
    {
        try
        {
            if (responseUrl is not null)
            {
                await slack.PostToResponseUrlAsync(responseUrl, new ResponseUrlMessage { ResponseType = ResponseUrlMessage.Ephemeral, Text = mrkdwn }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await slack.PostEphemeralAsync(new EphemeralMessage { Channel = channel, User = user, Text = mrkdwn }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            LogTellFailed(logger, ex.GetType().Name);
        }
    }

    private static JsonElement Ephemeral(string mrkdwn) =>
        JsonSerializer.SerializeToElement(new ResponseUrlMessage { ResponseType = ResponseUrlMessage.Ephemeral, Text = mrkdwn }, SlackJson.Context.ResponseUrlMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "/sechub explain: {User} is neither a viewer nor an approver; refused")]
    private static partial void LogNotAViewer(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/sechub explain: Security Hub lookup failed ({Code})")]
    private static partial void LogLookupFailed(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "/sechub explain: not in channel {Channel} ({Error})")]
    private static partial void LogNotInChannel(ILogger logger, string channel, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "/sechub explain: posting the alert in {Channel} failed ({Error})")]
    private static partial void LogPostFailed(ILogger logger, string channel, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "/sechub explain: alert thread posted in {Channel} at {Ts}")]
    private static partial void LogPosted(ILogger logger, string channel, string ts);

    [LoggerMessage(Level = LogLevel.Error, Message = "/sechub: could not send the ephemeral answer ({Error})")]
    private static partial void LogTellFailed(ILogger logger, string error);
}

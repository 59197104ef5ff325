using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Telemetry;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Explains a finding with the model. Any failure (timeout, throttling past the SDK's retries, an
/// unreadable answer) becomes the offline explanation marked <see cref="ExplanationSource.OfflineFallback"/>,
/// with one log line: the alert is still posted. Only the caller's own cancellation propagates.
/// </summary>
public sealed partial class ModelExplainer(
    IChatClient chat, IFindingExplainer offline, string model, IacFlavor flavor, TimeSpan timeout, int maxOutputTokens, ILogger<ModelExplainer> logger)
    : IFindingExplainer
{
    public string Model => model;

    public async Task<Explanation> ExplainAsync(Finding finding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            List<ChatMessage> messages =
            [
                new(ChatRole.System, ExplanationPrompt.SystemPrompt(flavor)),
                new(ChatRole.User, ExplanationPrompt.UserMessage(finding)),
            ];
            var options = new ChatOptions { MaxOutputTokens = maxOutputTokens, Temperature = 0.2f };
            var response = await chat.GetResponseAsync(messages, options, timeoutSource.Token).ConfigureAwait(false);
            var explanation = ExplanationParser.Parse(response.Text, flavor, model);
            SecHubBotTelemetry.ModelCalls.Add(1, new("model", model), new("outcome", "ok"));
            return explanation;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var reason = timeoutSource.IsCancellationRequested ? $"timed out after {timeout.TotalSeconds:F0} s" : ex.GetType().Name;
            Log.FellBack(logger, ExplanationCacheKey.Of(finding), model, reason);
            SecHubBotTelemetry.ModelCalls.Add(1, new("model", model), new("outcome", "fallback"));
            var text = await offline.ExplainAsync(finding, cancellationToken).ConfigureAwait(false);
            return text with { Source = ExplanationSource.OfflineFallback, Model = null };
        }
    }

    private static partial class Log
    {
        // The exception's type only: SDK messages can quote response bodies, and those are not ours to log.
        [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Model explanation for {ProblemKey} with {Model} failed ({Reason}); using the offline explanation")]
        public static partial void FellBack(ILogger logger, string problemKey, string model, string reason);
    }
}

using SecHubBot.Core.SecurityHub;

namespace SecHubBot.Bot.Actions;

/// <summary>
/// Runs one Resolve / Suppress / Reopen under its lock (a finding's, or a group thread's) and turns
/// Security Hub failures into what the reason modal shows: nothing claims success, and a denied call
/// names the IAM action the bot's role lacks.
/// </summary>
internal static partial class ActionGuard
{
    public static async Task<FindingActionOutcome> RunAsync(
        SemaphoreSlim gate, ILogger logger, Func<Task<FindingActionOutcome>> apply, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await apply().ConfigureAwait(false);
        }
        catch (SecurityHubException ex)
        {
            LogSecurityHubFailed(logger, ex.Operation, ex.Code);
            return FindingActionOutcome.Failed(ex.IsAccessDenied
                ? $"Security Hub denied {ex.Operation}: the bot's AWS role needs {ex.IamAction}. Nothing was changed."
                : $"Security Hub {ex.Operation} failed ({ex.Code}). Nothing was changed; try again.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            LogSecurityHubUnreachable(logger, ex.GetType().Name);
            return FindingActionOutcome.Failed("Security Hub could not be reached. Nothing was changed; try again in a minute.");
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Security Hub unreachable ({Error})")]
    private static partial void LogSecurityHubUnreachable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Security Hub {Operation} failed: {Code}")]
    private static partial void LogSecurityHubFailed(ILogger logger, string operation, string code);
}

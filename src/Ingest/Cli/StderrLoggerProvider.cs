using Microsoft.Extensions.Logging;

namespace SecHubBot.Ingest.Cli;

/// <summary>
/// The CLI's log output: one plain line per warning or error on stderr ("warning: ..."), written
/// synchronously so it interleaves with the CLI's own messages and never touches stdout (which
/// <c>--json</c> keeps for the Slack calls alone).
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message)
    {
        lock (_gate)
        {
            stderr.WriteLine($"{(level >= LogLevel.Error ? "error" : "warning")}: {message}");
        }
    }

    private sealed class StderrLogger(StderrLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception));
            }
        }
    }
}

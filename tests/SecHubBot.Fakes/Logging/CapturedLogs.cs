using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SecHubBot.Fakes.Logging;

/// <summary>One captured log entry.</summary>
public sealed record CapturedLogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Level} {Category}: {Message} {Exception}");
}

/// <summary>
/// Collects every log entry (message and exception text) of the code under test, to assert what is
/// logged and to prove what never is (tokens, keys). A provider for hosts and a factory for direct use.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>Each entry as "Level Category: message exception".</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => e.ToString())];

    public string All => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public ILogger<T> For<T>() => new Logger<T>(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLogEntry(logLevel, category, formatter(state, exception), exception));
    }
}

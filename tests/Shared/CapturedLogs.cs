using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Governance.Testing;

/// <summary>
/// Every log line the app writes, kept for assertions: what an alert would match (event id, level)
/// and what must never appear (tokens, robot keys, personal text). The exception, if any, is part of
/// the message, since a leaked secret in a stack trace is a leak too.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Each entry as one line, category first.</summary>
    public IReadOnlyList<string> Lines => Entries.Select(e => $"{e.Category} {e.Message}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}

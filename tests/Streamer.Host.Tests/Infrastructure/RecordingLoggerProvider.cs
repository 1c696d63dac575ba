using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>Keeps every log entry written through it, to check what a host logged (and how).</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    /// <summary>Everything logged so far, oldest first.</summary>
    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<RecordedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => entries.Enqueue(new RecordedLog(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One log entry: its category, level, formatted message and exception.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, string Message, Exception? Exception);

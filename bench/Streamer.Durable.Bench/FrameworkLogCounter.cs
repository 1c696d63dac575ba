using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Streamer.Durable.Bench;

/// <summary>
/// A logger provider that counts DTFx's own structured log events (categories <c>DurableTask.AzureStorage</c> and
/// <c>DurableTask.Core</c>, Information and up) by event name, and sums the numbers some of them carry
/// (<c>LatencyMs</c>; <c>EventCount</c> of <c>FetchedInstanceHistory</c>: history rows loaded; <c>NewEventCount</c> of
/// <c>AppendedInstanceHistory</c>: rows written per checkpoint). Nothing is formatted. Warnings and errors from any
/// category are also written to stderr (the first few of each kind per scenario run), so problems show in the output.
/// </summary>
internal sealed class FrameworkLogCounter : ILoggerProvider
{
    public const string FetchedHistory = "FetchedInstanceHistory";
    public const string AppendedHistory = "AppendedInstanceHistory";
    private const int WarningsShownPerKind = 3;

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _shown = new(StringComparer.Ordinal);

    public void Reset()
    {
        _counts.Clear();
        _sums.Clear();
    }

    /// <summary>Starts showing warnings again (once per scenario run).</summary>
    public void ResetShownWarnings() => _shown.Clear();

    public FrameworkLogCounts Snapshot() => new(new Dictionary<string, long>(_counts), new Dictionary<string, double>(_sums));

    public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName, categoryName.StartsWith("DurableTask", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private void Record<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var name = eventId.Name ?? (eventId.Id != 0 ? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : category);
        if (level >= LogLevel.Warning)
        {
            var key = $"{level} {category} {name}";
            _counts.AddOrUpdate($"{level}: {name}", 1, (_, c) => c + 1);
            if (_shown.AddOrUpdate(key, 1, (_, c) => c + 1) <= WarningsShownPerKind)
            {
                // The first line only: DTFx puts whole storage error responses into some messages.
                var message = formatter(state, exception) + (exception is null ? string.Empty : " " + exception.GetType().Name + ": " + exception.Message);
                var firstLine = message.Split('\n', 2)[0].TrimEnd();
                Console.Error.WriteLine($"  [{level}] {category} {name}: {(firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine)}");
            }

            return;
        }

        _counts.AddOrUpdate(name, 1, (_, c) => c + 1);
        if (state is IReadOnlyDictionary<string, object> fields)
        {
            Add(fields, name, "LatencyMs");
            if (name == FetchedHistory)
            {
                Add(fields, name, "EventCount");
                Add(fields, name, "RequestCount");
            }
            else if (name == AppendedHistory)
            {
                Add(fields, name, "NewEventCount");
            }
        }
    }

    private void Add(IReadOnlyDictionary<string, object> fields, string name, string field)
    {
        if (fields.TryGetValue(field, out var value) && value is IConvertible convertible)
        {
            var number = convertible.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
            _sums.AddOrUpdate($"{name}.{field}", number, (_, total) => total + number);
        }
    }

    private sealed class Counter(FrameworkLogCounter owner, string category, bool framework) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (framework ? LogLevel.Information : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Record(category, logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

/// <summary>DTFx log events counted in a window by name (warnings as "Warning: name"), and the sums of their numeric fields ("name.field").</summary>
internal sealed record FrameworkLogCounts(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, double> Sums)
{
    public long Count(string name) => Counts.GetValueOrDefault(name);

    public double Sum(string name, string field) => Sums.GetValueOrDefault($"{name}.{field}");

    /// <summary>Mean of a field over the events of that name (0 when there were none).</summary>
    public double Mean(string name, string field) => Count(name) is > 0 and var count ? Sum(name, field) / count : 0;

    public string Describe() => string.Join(", ", Counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key}={c.Value}"));
}

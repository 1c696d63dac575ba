using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// Totals of the worker's own counters (meter <c>Streamer.Durable</c>: episodes, replays, activity
/// executions), and when each activity execution was recorded.
/// </summary>
internal sealed class WorkerCounters : IDisposable
{
    public const string Episodes = "streamer.durable.orchestration.episodes";
    public const string Replays = "streamer.durable.orchestration.replays";
    public const string Activities = "streamer.durable.activity.executions";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private ConcurrentQueue<long> _activityTimestamps = new();
    private long _started = Stopwatch.GetTimestamp();

    public WorkerCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Streamer.Durable")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            if (instrument.Name == Activities)
            {
                Volatile.Read(ref _activityTimestamps).Enqueue(Stopwatch.GetTimestamp());
            }
        });
        _listener.Start();
    }

    /// <summary>Clears the totals and starts the activity timeline now.</summary>
    public void Reset()
    {
        _totals.Clear();
        Volatile.Write(ref _activityTimestamps, new ConcurrentQueue<long>());
        Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());
    }

    public long Get(string counter) => _totals.GetValueOrDefault(counter);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_totals, StringComparer.Ordinal);

    /// <summary>When each activity execution finished, since <see cref="Reset"/>, in order.</summary>
    public IReadOnlyList<TimeSpan> ActivityTimes()
    {
        var started = Interlocked.Read(ref _started);
        return [.. Volatile.Read(ref _activityTimestamps).Order().Select(t => Stopwatch.GetElapsedTime(started, t))];
    }

    public void Dispose() => _listener.Dispose();
}

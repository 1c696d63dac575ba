using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streamer.Bench.HostHook;

/// <summary>
/// Counts the host's outgoing HTTP requests (the Azure SDK sends every storage call through HttpClient, which records
/// each on the <c>System.Net.Http</c> meter's <c>http.client.request.duration</c>) by the flow that made them: the
/// incoming API request being served (<see cref="Flow"/>, set by <see cref="BenchEndpoints"/>) or <c>background</c>
/// (worker, progress, retention). Azurite's services listen on distinct ports, so the port names the service.
/// </summary>
internal sealed class FlowStorageCounter : IDisposable
{
    private static readonly AsyncLocal<string?> CurrentFlow = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Flow, int Port, string Method, int Status), (long Count, double Seconds)> _counts = new();
    private readonly ConcurrentDictionary<string, long> _flows = new();

    public FlowStorageCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => Record(seconds, tags));
        _listener.Start();
    }

    /// <summary>The API request the calling async flow serves, e.g. <c>start</c>; null for background work.</summary>
    public static string? Flow
    {
        get => CurrentFlow.Value;
        set => CurrentFlow.Value = value;
    }

    /// <summary>Counts one served API request of <paramref name="flow"/>, so storage calls can be divided by it.</summary>
    public void Served(string flow) => _flows.AddOrUpdate(flow, 1, (_, n) => n + 1);

    public void Reset()
    {
        _counts.Clear();
        _flows.Clear();
    }

    /// <summary>Rows of flow, port, method, response status (0: none), count and mean milliseconds, plus one row per flow with how many requests it served (port 0).</summary>
    public IReadOnlyList<StorageCallRow> Snapshot()
        => [.. _counts.Select(c => new StorageCallRow(c.Key.Flow, c.Key.Port, c.Key.Method, c.Value.Count, c.Value.Seconds * 1000 / Math.Max(1, c.Value.Count), c.Key.Status)),
            .. _flows.Select(f => new StorageCallRow(f.Key, 0, "served", f.Value, 0, 0))];

    public void Dispose() => _listener.Dispose();

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var port = 0;
        var method = "?";
        var status = 0;
        foreach (var tag in tags)
        {
            if (tag.Key == "server.port" && tag.Value is int p)
            {
                port = p;
            }
            else if (tag.Key == "http.request.method" && tag.Value is string m)
            {
                method = m;
            }
            else if (tag.Key == "http.response.status_code" && tag.Value is int code)
            {
                status = code;
            }
        }

        _counts.AddOrUpdate((Flow ?? "background", port, method, status), (1, seconds), (_, total) => (total.Count + 1, total.Seconds + seconds));
    }
}

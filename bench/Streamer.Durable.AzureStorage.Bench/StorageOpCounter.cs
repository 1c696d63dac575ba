using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// Counts real HTTP requests to Azurite. .NET's HttpClient (which the Azure SDK uses) records every
/// request it sends on the <c>System.Net.Http</c> meter's <c>http.client.request.duration</c>
/// histogram (its value is the request's latency), tagged with <c>server.port</c> and <c>http.request.method</c>; Azurite's blob, queue
/// and table services listen on distinct ports, so the port names the service. Requests made while
/// <see cref="ExcludeCurrentFlow"/> is in effect (the benchmark's own completion polling) are
/// counted apart. Retries are separate requests and are counted; requests that failed (a status of
/// 400 or more, or no response: the <c>error.type</c> tag) are also tallied by outcome.
/// </summary>
internal sealed class StorageOpCounter : IDisposable
{
    private const string HttpMeter = "System.Net.Http";
    private const string RequestDuration = "http.client.request.duration";
    private static readonly AsyncLocal<bool> Excluded = new();

    private IReadOnlyDictionary<int, string> _services = new Dictionary<int, string>();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, string Method), long> _counts = new();
    private readonly ConcurrentDictionary<(string Service, string Method), double> _seconds = new();
    private readonly ConcurrentDictionary<(string Service, string Method, string Outcome), long> _failures = new();
    private long _excluded;

    public StorageOpCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HttpMeter && instrument.Name == RequestDuration)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => Record(seconds, tags));
        _listener.Start();
    }

    /// <summary>
    /// Marks the calling async flow (the rest of the calling async method and what it awaits) as the
    /// benchmark's own traffic. Async methods restore the caller's flow on return, so the mark ends with the method.
    /// </summary>
    public static void ExcludeCurrentFlow() => Excluded.Value = true;

    /// <summary>Names requests by the ports of the Azurite now in use.</summary>
    public void Watch(int blobPort, int queuePort, int tablePort)
        => Volatile.Write(ref _services, new Dictionary<int, string> { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" });

    public void Reset()
    {
        _counts.Clear();
        _seconds.Clear();
        _failures.Clear();
        Interlocked.Exchange(ref _excluded, 0);
    }

    public StorageOpCounts Snapshot()
        => new(
            new Dictionary<(string, string), long>(_counts),
            new Dictionary<(string, string), double>(_seconds),
            new Dictionary<(string, string, string), long>(_failures),
            Interlocked.Read(ref _excluded));

    public void Dispose() => _listener.Dispose();

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Excluded.Value)
        {
            Interlocked.Increment(ref _excluded);
            return;
        }

        var service = "other";
        var method = "?";
        string? outcome = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "server.port" when tag.Value is int port:
                    service = Volatile.Read(ref _services).GetValueOrDefault(port, "other");
                    break;
                case "http.request.method":
                    method = tag.Value as string ?? "?";
                    break;
                case "http.response.status_code" when tag.Value is int status && status >= 400:
                    outcome ??= status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "error.type" when tag.Value is string error:
                    outcome = error;
                    break;
            }
        }

        _counts.AddOrUpdate((service, method), 1, (_, count) => count + 1);
        _seconds.AddOrUpdate((service, method), seconds, (_, total) => total + seconds);
        if (outcome is not null)
        {
            _failures.AddOrUpdate((service, method, outcome), 1, (_, count) => count + 1);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Streamer.Durable.Bench;

/// <summary>
/// Counts every HTTP request sent to Azurite, by what it touched and its HTTP method, from the spans .NET's HttpClient
/// starts for each request (ActivitySource <c>System.Net.Http</c>, tags <c>url.full</c>, <c>http.request.method</c>,
/// <c>http.response.status_code</c>, <c>error.type</c>). The Azure SDK clients DTFx builds send through HttpClient, so
/// this sees the provider's own traffic without touching its clients; retries are separate requests and count.
/// The resource comes from the URL path: the control queues, the work-item queue, the History, Instances and Partitions
/// tables, table batches (<c>$batch</c>: history appends), and blobs. Requests made while
/// <see cref="ExcludeCurrentFlow"/> is in effect (the benchmark's own completion polls) are counted apart.
/// </summary>
internal sealed class StorageRequestCounter : IDisposable
{
    private static readonly AsyncLocal<bool> Excluded = new();

    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<(string Resource, string Method), (long Count, double Seconds)> _counts = new();
    private readonly ConcurrentDictionary<(string Resource, string Method, string Outcome), long> _failures = new();
    private long _excluded;
    private AzuritePorts _ports = new(0, 0, 0);

    public StorageRequestCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// Marks the calling async flow (the rest of the calling async method and what it awaits) as the benchmark's own
    /// traffic; async methods restore the caller's flow on return, so the mark ends with the method.
    /// </summary>
    public static void ExcludeCurrentFlow() => Excluded.Value = true;

    public void Reset()
    {
        _counts.Clear();
        _failures.Clear();
        Interlocked.Exchange(ref _excluded, 0);
    }

    public StorageRequests Snapshot()
        => new(
            _counts.ToDictionary(c => c.Key, c => c.Value.Count),
            _counts.ToDictionary(c => c.Key, c => c.Value.Seconds),
            new Dictionary<(string, string, string), long>(_failures),
            Interlocked.Read(ref _excluded));

    public void Dispose() => _listener.Dispose();

    /// <summary>Names requests by the ports of the Azurite now in use.</summary>
    public void Watch(int blobPort, int queuePort, int tablePort) => Volatile.Write(ref _ports, new AzuritePorts(blobPort, queuePort, tablePort));

    /// <summary>The resource a request touched, from its port and path (<c>/devstoreaccount1/{queue, table or container}/…</c>).</summary>
    private string Classify(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "other";
        }

        var ports = Volatile.Read(ref _ports);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : string.Empty;
        if (uri.Port == ports.Blob)
        {
            return StorageRequests.Blob;
        }

        if (uri.Port == ports.Queue)
        {
            return resource.Contains("-control-", StringComparison.Ordinal) ? StorageRequests.ControlQueue
                : resource.EndsWith("-workitems", StringComparison.Ordinal) ? StorageRequests.WorkItemQueue
                : "queue: other";
        }

        if (uri.Port == ports.Table)
        {
            return resource switch
            {
                "$batch" => StorageRequests.TableBatch,
                _ when resource.Contains("History", StringComparison.Ordinal) => StorageRequests.HistoryTable,
                _ when resource.Contains("Instances", StringComparison.Ordinal) => StorageRequests.InstancesTable,
                _ when resource.Contains("Partitions", StringComparison.Ordinal) => StorageRequests.PartitionsTable,
                _ => "table: other",
            };
        }

        return "other";
    }

    private void Record(Activity activity)
    {
        if (Excluded.Value)
        {
            Interlocked.Increment(ref _excluded);
            return;
        }

        var resource = Classify(activity.GetTagItem("url.full") as string);
        var method = activity.GetTagItem("http.request.method") as string ?? "?";
        string? outcome = null;
        if (activity.GetTagItem("http.response.status_code") is int status && status >= 400)
        {
            outcome = status.ToString(CultureInfo.InvariantCulture);
        }

        if (activity.GetTagItem("error.type") is string error && outcome is null)
        {
            outcome = error;
        }

        var seconds = activity.Duration.TotalSeconds;
        _counts.AddOrUpdate((resource, method), (1, seconds), (_, total) => (total.Count + 1, total.Seconds + seconds));
        if (outcome is not null)
        {
            _failures.AddOrUpdate((resource, method, outcome), 1, (_, count) => count + 1);
        }
    }
}

/// <summary>The ports of one Azurite's blob, queue and table services.</summary>
internal sealed record AzuritePorts(int Blob, int Queue, int Table);

namespace Streamer.Durable.Bench;

/// <summary>
/// HTTP requests sent to Azurite in a window, by resource (<see cref="ControlQueue"/>, …) and HTTP method, with their
/// summed latency as the client saw it, failures by outcome, and how many requests the benchmark made itself (not counted).
/// </summary>
internal sealed record StorageRequests(
    IReadOnlyDictionary<(string Resource, string Method), long> Counts,
    IReadOnlyDictionary<(string Resource, string Method), double> Seconds,
    IReadOnlyDictionary<(string Resource, string Method, string Outcome), long> Failures,
    long BenchmarkRequests)
{
    public const string ControlQueue = "control queue";
    public const string WorkItemQueue = "work-item queue";
    public const string HistoryTable = "History table";
    public const string InstancesTable = "Instances table";
    public const string PartitionsTable = "Partitions table";
    public const string TableBatch = "table batch";
    public const string Blob = "blob";

    public long Total => Counts.Values.Sum();

    public long Get(string resource, string method) => Counts.GetValueOrDefault((resource, method));

    public long Resource(string resource) => Counts.Where(c => c.Key.Resource == resource).Sum(c => c.Value);

    public double MeanMilliseconds(string resource, string method)
        => Get(resource, method) is > 0 and var count ? Seconds.GetValueOrDefault((resource, method)) * 1000 / count : 0;

    /// <summary>Failed requests as "resource METHOD outcome×count", or "none".</summary>
    public string DescribeFailures()
        => Failures.Count == 0 ? "none" : string.Join(", ", Failures.OrderBy(f => f.Key).Select(f => $"{f.Key.Resource} {f.Key.Method} {f.Key.Outcome}×{f.Value}"));

    /// <summary>Every resource and method with its count and mean latency, for the raw lines.</summary>
    public string Describe()
        => string.Join(", ", Counts.OrderBy(c => c.Key).Select(c => $"{c.Key.Resource} {c.Key.Method}={c.Value} ({MeanMilliseconds(c.Key.Resource, c.Key.Method):F1} ms)"));
}

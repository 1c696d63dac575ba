namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// HTTP requests sent to Azurite in a window, by service (<c>queue</c>, <c>table</c>, <c>blob</c>)
/// and HTTP method, with their summed latency, plus the requests the benchmark itself made to detect completion (not in <see cref="Counts"/>).
/// </summary>
internal sealed record StorageOpCounts(
    IReadOnlyDictionary<(string Service, string Method), long> Counts,
    IReadOnlyDictionary<(string Service, string Method), double> Seconds,
    IReadOnlyDictionary<(string Service, string Method, string Outcome), long> Failures,
    long BenchmarkPolls)
{
    /// <summary>Every counted request (benchmark polls excluded).</summary>
    public long Total => Counts.Values.Sum();

    public long Get(string service, string method) => Counts.GetValueOrDefault((service, method));

    public long Service(string service) => Counts.Where(c => c.Key.Service == service).Sum(c => c.Value);

    /// <summary>Failed requests (status ≥ 400 or no response) as "service METHOD outcome×count", or "none".</summary>
    public string DescribeFailures()
        => Failures.Count == 0 ? "none" : string.Join(", ", Failures.OrderBy(f => f.Key).Select(f => $"{f.Key.Service} {f.Key.Method} {f.Key.Outcome}×{f.Value}"));

    /// <summary>Mean latency in milliseconds of one kind of request, as the client saw it (0 when there were none).</summary>
    public double MeanMilliseconds(string service, string method)
        => Get(service, method) is > 0 and var count ? Seconds.GetValueOrDefault((service, method)) * 1000 / count : 0;
}

namespace Streamer.Bench;

/// <summary>What one cell of the cost figure measured (see <see cref="CostCellRun"/>).</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Finished">Whether the request ended within the cell's timeout.</param>
/// <param name="RuntimeStatus">Its last status, e.g. Completed or Running.</param>
/// <param name="CompletedChunks">All of them when finished; otherwise from the last status read's progress.</param>
/// <param name="Seconds">Finished: accepted → ended as the host recorded it (createdTime → lastUpdatedTime), free of the polling interval; otherwise the harness's time from the POST to the last read.</param>
/// <param name="WallSeconds">The harness's time from sending the POST to reading the final status.</param>
/// <param name="StorageCalls">The worker's (background flow's) storage calls by service; every answer counted.</param>
/// <param name="StorageCallsByMethod">The same by service and method, answers other than 2xx apart with their status: how many and their mean latency as the host saw it.</param>
/// <param name="History">The instance's history rows and large-message blobs at the end.</param>
/// <param name="RssBeforeMiB">The host's VmRSS just before the POST.</param>
/// <param name="PeakMiB">The host's VmHWM at the end.</param>
/// <param name="HostCpuSeconds">CPU the host used from the POST to the end.</param>
/// <param name="AzuriteCpuSeconds">CPU Azurite used from the POST to the end.</param>
/// <param name="LoadAverage">The machine's 1/5/15 min load average before and after.</param>
/// <param name="Warnings">What the host logged as warnings and errors during the cell.</param>
/// <param name="TenthMilliseconds">Milliseconds per chunk in each tenth of the chunks, as far as the request got.</param>
internal sealed record CostCellResult(
    CostCell Cell,
    bool Finished,
    string RuntimeStatus,
    int CompletedChunks,
    double Seconds,
    double WallSeconds,
    IReadOnlyDictionary<string, long> StorageCalls,
    IReadOnlyDictionary<string, (long Count, double MeanMilliseconds)> StorageCallsByMethod,
    HistoryFootprint History,
    double RssBeforeMiB,
    double PeakMiB,
    double HostCpuSeconds,
    double AzuriteCpuSeconds,
    string LoadAverage,
    string Warnings,
    string TenthMilliseconds)
{
    public double MillisecondsPerChunk => Seconds * 1000 / Math.Max(1, CompletedChunks);

    public double StorageCallsPerChunk(string? service = null)
        => (service is null ? StorageCalls.Values.Sum() : StorageCalls.GetValueOrDefault(service)) / (double)Math.Max(1, CompletedChunks);

    /// <summary>History bytes per chunk of the history as stored: a request that continues as new keeps only its last execution's rows (one segment).</summary>
    public double HistoryBytesPerChunk => History.Bytes / (double)Math.Max(1, History.ChunkRows);

    /// <summary>Peak host memory growth: VmHWM at the end minus VmRSS before the start.</summary>
    public double PeakGrowthMiB => PeakMiB - RssBeforeMiB;
}

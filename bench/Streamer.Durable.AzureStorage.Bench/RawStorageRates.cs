namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// Azurite's raw rates for the operations the engine is built from (queue cycles also with a
/// backlog of <see cref="RawStorageProbe.Backlog"/> messages, which the ceiling does not use), measured with the Azure SDK
/// directly, and the storage requests counted while measuring them with how many operations ran in
/// all (warm-up included), to check the counter.
/// </summary>
internal sealed record RawStorageRates(
    double QueueCyclesPerSecond,
    double QueueCyclesWithBacklogPerSecond,
    double TableBatchesPerSecond,
    int RowsPerBatch,
    StorageOpCounts QueueOps,
    long QueueCycles,
    CpuShare QueueCpu,
    StorageOpCounts TableOps,
    long TableBatches,
    CpuShare TableCpu)
{
    /// <summary>Work an activity cannot avoid in this design: a work-item queue cycle and a control-queue cycle.</summary>
    public const int QueueCyclesPerActivity = 2;

    /// <summary>History rows per activity: its TaskScheduled and its TaskCompleted event.</summary>
    public const int HistoryRowsPerActivity = 2;

    public double TableRowsPerSecond => TableBatchesPerSecond * RowsPerBatch;

    /// <summary>
    /// The most activities/s this Azurite could carry if the engine did nothing but the unavoidable
    /// storage work. Azurite serves queues and tables from one Node.js event loop, so the times add:
    /// 1 / (2 / queue cycles per s + 2 / batched rows per s).
    /// </summary>
    public double CeilingActivitiesPerSecond
        => 1 / ((QueueCyclesPerActivity / QueueCyclesPerSecond) + (HistoryRowsPerActivity / TableRowsPerSecond));
}

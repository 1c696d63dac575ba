namespace Streamer.Durable.Bench;

/// <summary>
/// Azurite's raw rates for the operations a durable activity is built from, measured with the Azure SDK directly, and
/// the HTTP requests the counter saw per operation (3, 1 and 1: a check of the counter).
/// </summary>
internal sealed record RawStorageRates(
    double QueueCyclesPerSecond,
    double QueueCyclesWithBacklogPerSecond,
    double UpsertsPerSecond,
    double TableBatchesPerSecond,
    double RequestsPerQueueCycle,
    double RequestsPerUpsert,
    double RequestsPerBatch,
    CpuShare QueueCpu,
    CpuShare TableCpu)
{
    /// <summary>Work an activity cannot avoid with queues: a work-item queue cycle (TaskScheduled) and a control-queue cycle (TaskCompleted).</summary>
    public const int QueueCyclesPerActivity = 2;

    /// <summary>History rows per activity: its TaskScheduled and its TaskCompleted event.</summary>
    public const int HistoryRowsPerActivity = 2;

    public double TableRowsPerSecond => TableBatchesPerSecond * RawStorageProbe.RowsPerBatch;

    /// <summary>
    /// The most activities/s this Azurite could carry if the engine did only that unavoidable storage work (the same
    /// formula as the retired engine's benchmark). Azurite serves queues and tables on one event loop, so the times add:
    /// 1 / (2 / queue cycles per s + 2 / batched rows per s).
    /// </summary>
    public double CeilingActivitiesPerSecond
        => 1 / ((QueueCyclesPerActivity / QueueCyclesPerSecond) + (HistoryRowsPerActivity / TableRowsPerSecond));
}

namespace Streamer.Durable.Configuration;

/// <summary>
/// <c>extensions.durableTask.storageProvider</c> for the Azure Storage provider, with Durable Functions' names and
/// defaults. The partition lease timings are not host.json settings on Durable Functions (it uses DTFx's defaults);
/// they are exposed here for tests and for hosts that want faster failover.
/// </summary>
public sealed class AzureStorageProviderOptions
{
    /// <summary>The app setting that holds the storage connection string.</summary>
    public string ConnectionName { get; set; } = "AzureWebJobsStorage";

    /// <summary>Control queues (1–16). Instances are spread over them by a hash of their id; each is owned by one host at a time.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Messages fetched from a control queue at once (1–32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>Control-queue messages a host buffers in memory before it stops fetching.</summary>
    public int ControlQueueBufferThreshold { get; set; } = 128;

    /// <summary>How long a dequeued control-queue message stays invisible to other hosts.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a dequeued work-item (activity) message stays invisible to other hosts.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between polls of an idle queue; polling speeds up as soon as a message arrives.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Large inputs and outputs stored in blobs are fetched when an instance is read with its inputs and outputs.</summary>
    public bool FetchLargeMessagesAutomatically { get; set; } = true;

    /// <summary>How long a partition lease lasts without renewal; a dead host's partitions move after about this long.</summary>
    public TimeSpan PartitionLeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a host renews the partition leases it holds.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a host looks for partitions to acquire or steal.</summary>
    public TimeSpan PartitionLeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each host reads the queues' lengths and latencies for the task hub gauges (not a Durable Functions setting).</summary>
    public TimeSpan QueueMetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionName, "extensions.durableTask.storageProvider.connectionName");
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1, "extensions.durableTask.storageProvider.partitionCount");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16, "extensions.durableTask.storageProvider.partitionCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(ControlQueueBatchSize, 1, "extensions.durableTask.storageProvider.controlQueueBatchSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ControlQueueBatchSize, 32, "extensions.durableTask.storageProvider.controlQueueBatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(ControlQueueBufferThreshold, 1, "extensions.durableTask.storageProvider.controlQueueBufferThreshold");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxQueuePollingInterval, TimeSpan.Zero, "extensions.durableTask.storageProvider.maxQueuePollingInterval");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(QueueMetricsSampleInterval, TimeSpan.Zero, "extensions.durableTask.storageProvider.queueMetricsSampleInterval");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(PartitionLeaseRenewInterval, PartitionLeaseInterval, "extensions.durableTask.storageProvider.partitionLeaseRenewInterval");
    }
}

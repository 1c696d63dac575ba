using System.Text.RegularExpressions;

namespace Streamer.Durable.AzureStorage;

/// <summary>
/// Settings for an Azure Storage task hub. Names and defaults follow the Durable Task Azure
/// Storage provider (<c>host.json</c>: <c>extensions.durableTask.hubName</c>,
/// <c>storageProvider.partitionCount</c>, <c>maxQueuePollingInterval</c>).
/// </summary>
public sealed partial class AzureStorageBackendOptions
{
    /// <summary>The storage account connection string; <c>UseDevelopmentStorage=true</c> for Azurite on its default ports.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub name: 3–45 letters and digits, starting with a letter. Prefixes every table, queue and container.</summary>
    public string TaskHubName { get; init; } = "StreamerHub";

    /// <summary>Control queues (1–16). Instances are spread over them by a stable hash of their id; each is owned by one host at a time.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>A message dequeued more than this many times is moved to the poison queue and its instance or task is failed.</summary>
    public int MaxDequeueCount { get; init; } = 10;

    /// <summary>The longest wait between polls of an idle queue; polling speeds up again as soon as a message arrives.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued message stays invisible to other hosts while it is processed (renewed for running activities).</summary>
    public TimeSpan MessageVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a partition lease lasts without renewal (15–60 s); a dead host's partitions move after at most this long.</summary>
    public TimeSpan PartitionLeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and partitions rebalanced.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the queue backlog gauge (registered by <c>UseAzureStorage</c>) reads the queues' message counts.</summary>
    public TimeSpan QueueBacklogSampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Identifies this host in leases and logs.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString, nameof(ConnectionString));
        if (!HubNamePattern().IsMatch(TaskHubName))
        {
            throw new ArgumentException($"TaskHubName must be 3–45 letters and digits starting with a letter; got '{TaskHubName}'.", nameof(TaskHubName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1, nameof(PartitionCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16, nameof(PartitionCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1, nameof(MaxDequeueCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionLeaseDuration, TimeSpan.FromSeconds(15), nameof(PartitionLeaseDuration));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionLeaseDuration, TimeSpan.FromSeconds(60), nameof(PartitionLeaseDuration));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(PartitionLeaseRenewInterval, PartitionLeaseDuration, nameof(PartitionLeaseRenewInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(QueueBacklogSampleInterval, TimeSpan.Zero, nameof(QueueBacklogSampleInterval));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}

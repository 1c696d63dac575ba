using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Streamer.Durable.AzureStorage.Partitioning;

/// <summary>
/// Owns control-queue partitions through blob leases (one blob per partition). Every renew
/// interval it renews what it holds, announces itself with a heartbeat blob, and balances: it takes
/// free partitions up to its fair share (partitions ÷ live hosts, rounded up) and releases any
/// beyond it. A host that dies stops renewing, and its partitions move once their leases expire.
/// </summary>
/// <param name="leases">The container of the lease blobs (one per partition) and the hosts' heartbeat blobs.</param>
/// <param name="options">Partition count, lease duration and renew interval, and this host's id.</param>
/// <param name="time">The clock for the renew timer and heartbeat ages.</param>
/// <param name="logger">Logs partitions acquired, released and lost.</param>
/// <param name="handOver">
/// Called with partitions this host gives up (to balance, or when it stops), after they have left
/// <see cref="Owned"/> and before their leases are released: it lets the host finish its work on them
/// and give back the messages it holds, so that the next owner can start at once and alone.
/// </param>
internal sealed partial class PartitionManager(
    BlobContainerClient leases, AzureStorageBackendOptions options, TimeProvider time, ILogger logger, Func<IReadOnlySet<int>, CancellationToken, Task> handOver)
{
    private const string WorkersPrefix = "workers/";
    private readonly Dictionary<int, BlobLeaseClient> _owned = [];
    private readonly string _leaseId = Guid.NewGuid().ToString();
    private readonly Lock _gate = new();
    private IReadOnlySet<int> _snapshot = new HashSet<int>();

    /// <summary>The partitions this host owns right now.</summary>
    public IReadOnlySet<int> Owned => Volatile.Read(ref _snapshot);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        for (var partition = 0; partition < options.PartitionCount; partition++)
        {
            try
            {
                await leases.GetBlobClient(LeaseBlob(partition)).UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Already there, or leased by another host.
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PartitionLeaseRenewInterval, time);
        do
        {
            try
            {
                await BalanceAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBalanceFailed(logger, ex, options.WorkerId);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    /// <summary>Gives up every partition so that other hosts can take over at once.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await ReleaseAsync(_owned.ToList(), cancellationToken);

        try
        {
            await leases.DeleteBlobIfExistsAsync(WorkersPrefix + options.WorkerId, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException)
        {
        }
    }

    private async Task BalanceAsync(CancellationToken cancellationToken)
    {
        await leases.GetBlobClient(WorkersPrefix + options.WorkerId).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);

        foreach (var (partition, lease) in _owned.ToList())
        {
            try
            {
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex)
            {
                LogLeaseLost(logger, ex, options.WorkerId, partition);
                Drop(partition);
            }
        }

        var fairShare = (int)Math.Ceiling(options.PartitionCount / (double)await CountLiveWorkersAsync(cancellationToken));
        if (_owned.Count > fairShare)
        {
            await ReleaseAsync(_owned.Take(_owned.Count - fairShare).ToList(), cancellationToken);
        }

        for (var partition = 0; partition < options.PartitionCount && _owned.Count < fairShare; partition++)
        {
            if (!_owned.ContainsKey(partition))
            {
                await TryAcquireAsync(partition, cancellationToken);
            }
        }
    }

    private async Task<int> CountLiveWorkersAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - (options.PartitionLeaseDuration * 2);
        var live = 0;
        await foreach (var worker in leases.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: WorkersPrefix, cancellationToken: cancellationToken))
        {
            if (worker.Properties.LastModified >= cutoff)
            {
                live++;
            }
        }

        return Math.Max(1, live);
    }

    private async Task TryAcquireAsync(int partition, CancellationToken cancellationToken)
    {
        var lease = leases.GetBlobClient(LeaseBlob(partition)).GetBlobLeaseClient(_leaseId);
        try
        {
            await lease.AcquireAsync(options.PartitionLeaseDuration, cancellationToken: cancellationToken);
            LogAcquired(logger, options.WorkerId, partition);
            lock (_gate)
            {
                _owned[partition] = lease;
                Publish();
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another host holds it.
        }
    }

    private async Task ReleaseAsync(List<KeyValuePair<int, BlobLeaseClient>> partitions, CancellationToken cancellationToken)
    {
        foreach (var (partition, _) in partitions)
        {
            Drop(partition);
        }

        // Still leased, so no other host can take them while this one finishes with them.
        await handOver(partitions.Select(p => p.Key).ToHashSet(), cancellationToken);
        foreach (var (partition, lease) in partitions)
        {
            try
            {
                await lease.ReleaseAsync(cancellationToken: cancellationToken);
                LogReleased(logger, options.WorkerId, partition);
            }
            catch (RequestFailedException)
            {
                // Expired already; nothing to give back.
            }
        }
    }

    private void Drop(int partition)
    {
        lock (_gate)
        {
            _owned.Remove(partition);
            Publish();
        }
    }

    private void Publish() => Volatile.Write(ref _snapshot, _owned.Keys.ToHashSet());

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string LeaseBlob(int partition) => string.Create(CultureInfo.InvariantCulture, $"partition-{partition:D2}");

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Worker {WorkerId} acquired partition {Partition}.")]
    private static partial void LogAcquired(ILogger logger, string workerId, int partition);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Worker {WorkerId} released partition {Partition}.")]
    private static partial void LogReleased(ILogger logger, string workerId, int partition);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Worker {WorkerId} lost partition {Partition}.")]
    private static partial void LogLeaseLost(ILogger logger, Exception exception, string workerId, int partition);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Partition balancing failed on worker {WorkerId}; retrying at the next interval.")]
    private static partial void LogBalanceFailed(ILogger logger, Exception exception, string workerId);
}

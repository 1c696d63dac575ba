using Azure.Data.Tables;
using DurableTask.AzureStorage.Partitioning;
using Streamer.Durable.Configuration;

namespace Streamer.Durable.TaskHub;

/// <summary>
/// Who owns which control queue, read from the <c>{hub}Partitions</c> table that DTFx's table partition manager keeps
/// (one lease row per control queue). Used for readiness and to observe failover.
/// </summary>
public sealed class TaskHubPartitions(AzureStorageTaskHub hub)
{
    // Read while a caller waits (readiness), so with the request path's bounded retries.
    private readonly TableClient _table = new TableServiceClient(hub.Settings.ConnectionString, RequestPathStorageOptions.Apply(new TableClientOptions()))
        .GetTableClient(hub.Settings.TaskHubName + "Partitions");

    /// <summary>The partitions' leases, by index; empty before any worker has started on this hub.</summary>
    public async Task<IReadOnlyList<PartitionLease>> ReadAsync(CancellationToken cancellationToken)
    {
        var leases = new List<PartitionLease>();
        try
        {
            await foreach (var lease in _table.QueryAsync<TablePartitionLease>(cancellationToken: cancellationToken))
            {
                leases.Add(new PartitionLease(IndexOf(lease.RowKey), lease.CurrentOwner, lease.ExpiresAt is { } expires ? new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) : null));
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        return [.. leases.OrderBy(l => l.Index)];
    }

    /// <summary>The indexes of the partitions this host's worker owns.</summary>
    public async Task<IReadOnlyList<int>> OwnedAsync(CancellationToken cancellationToken)
        => [.. (await ReadAsync(cancellationToken)).Where(l => l.Owner == hub.Settings.WorkerId).Select(l => l.Index)];

    /// <summary>Control queues are named <c>{hub}-control-NN</c>.</summary>
    private static int IndexOf(string? queueName)
        => queueName is not null && int.TryParse(queueName.AsSpan(queueName.LastIndexOf('-') + 1), out var index) ? index : -1;
}

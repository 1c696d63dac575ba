using Azure;
using Azure.Data.Tables;

namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>A partition lease as DTFx's table partition manager writes it in <c>{hub}Partitions</c>.</summary>
internal sealed record PartitionLease(string Partition, string? CurrentOwner, string? NextOwner, DateTimeOffset? ExpiresAt);

/// <summary>Reads what the hosts wrote to storage: partition leases, instance statuses, bulk_operation's entities.</summary>
internal sealed class TaskHubStorage(string connectionString, string hubName)
{
    private readonly TableServiceClient _tables = new(connectionString, new TableClientOptions { Retry = { MaxRetries = 1, NetworkTimeout = TimeSpan.FromSeconds(10) } });

    public async Task<IReadOnlyList<PartitionLease>> PartitionLeasesAsync(CancellationToken cancellationToken)
    {
        var leases = new List<PartitionLease>();
        await foreach (var row in _tables.GetTableClient(hubName + "Partitions").QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            leases.Add(new PartitionLease(row.RowKey, row.GetString("CurrentOwner"), row.GetString("NextOwner"), row.GetDateTimeOffset("ExpiresAt")));
        }

        return [.. leases.OrderBy(l => l.Partition, StringComparer.Ordinal)];
    }

    /// <summary>How many orchestration instances are in each runtime status (<c>{hub}Instances</c>).</summary>
    public async Task<IReadOnlyDictionary<string, int>> InstanceStatusesAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in _tables.GetTableClient(hubName + "Instances").QueryAsync<TableEntity>(select: ["RuntimeStatus"], cancellationToken: cancellationToken))
            {
                var status = row.GetString("RuntimeStatus") ?? "(none)";
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No instance yet.
        }

        return counts;
    }

    /// <summary>
    /// How many history rows the hub stores (<c>{hub}History</c>, every instance and execution) and how many of them belong to
    /// each instance's latest execution (the one its sentinel row names): what a host loads to replay after a restart.
    /// </summary>
    public async Task<(int Stored, int Latest)> HistoryRowsAsync(CancellationToken cancellationToken)
    {
        var rows = await _tables.GetTableClient(hubName + "History").QueryAsync<TableEntity>(select: ["RowKey", "ExecutionId"], cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var latest = rows.Where(r => r.RowKey == "sentinel").Select(r => (r.PartitionKey, r.GetString("ExecutionId"))).ToHashSet();
        return (rows.Count, rows.Count(r => r.RowKey != "sentinel" && latest.Contains((r.PartitionKey, r.GetString("ExecutionId")))));
    }

    /// <summary>The number of <c>bulk_operation</c> entities per id prefix (the part of the RowKey before '-').</summary>
    public async Task<IReadOnlyDictionary<string, int>> EntityCountsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in _tables.GetTableClient(hubName + "Entities").QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var prefix = row.RowKey.Split('-')[0];
            counts[prefix] = counts.GetValueOrDefault(prefix) + 1;
        }

        return counts;
    }

    public static string Describe(IEnumerable<PartitionLease> leases)
        => string.Join(", ", leases.Select(l => $"{l.Partition}={l.CurrentOwner ?? "-"}{(l.NextOwner is { Length: > 0 } next ? $"(→{next})" : string.Empty)}@{l.ExpiresAt:HH:mm:ss.f}"));

    public static string Describe(IReadOnlyDictionary<string, int> statuses)
        => statuses.Count == 0 ? "none" : string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));
}

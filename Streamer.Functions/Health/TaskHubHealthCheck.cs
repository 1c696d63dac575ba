using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streamer.Durable.AzureStorage;
using Streamer.Durable.Backends;
using Streamer.Durable.Worker;

namespace Streamer.Functions.Health;

/// <summary>
/// Readiness: storage answers, the durable worker is running, and which partitions this host owns. Owning
/// none is not unhealthy (with more hosts than partitions some own none), so it is reported, not judged.
/// </summary>
internal sealed class TaskHubHealthCheck(TableServiceClient tables, AzureStorageBackendOptions storage, DurableTaskWorker worker, IOrchestrationBackend backend) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["taskHub"] = storage.TaskHubName };
        if (backend is AzureStorageOrchestrationBackend azure)
        {
            data["ownedPartitions"] = azure.OwnedPartitions.Order().ToArray();
        }

        if (worker.ExecuteTask is null or { IsCompleted: true })
        {
            return HealthCheckResult.Unhealthy("The durable worker is not running.", data: data);
        }

        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", ex, data);
        }

        return HealthCheckResult.Healthy("Storage answers and the worker is running.", data);
    }
}

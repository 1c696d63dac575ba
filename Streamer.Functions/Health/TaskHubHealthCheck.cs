using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streamer.Durable.Configuration;
using Streamer.Durable.Worker;
using Streamer.Functions.Hosting;

namespace Streamer.Functions.Health;

/// <summary>Readiness: the task hub worker is running, the request table exists and storage answers.</summary>
internal sealed class TaskHubHealthCheck(TableServiceClient tables, TaskHubSettings settings, TaskHubWorkerState worker, StorageProvisioner provisioner) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["taskHub"] = settings.TaskHubName, ["workerId"] = settings.WorkerId };
        if (!worker.IsRunning)
        {
            return HealthCheckResult.Unhealthy("The task hub worker is not running.", worker.LastStartFailure, data);
        }

        if (!provisioner.IsProvisioned)
        {
            return HealthCheckResult.Unhealthy("The request table is not created yet.", data: data);
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

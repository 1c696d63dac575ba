using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Durable.Configuration;
using Streamer.Durable.TaskHub;
using Streamer.Durable.Worker;

namespace Streamer.Host.Health;

/// <summary>
/// Readiness: the task hub worker is running, the request table exists and storage answers (the partition lease table
/// is read), with the partitions this host owns. Owning none is not unhealthy (with more hosts than partitions some
/// own none), so it is reported, not judged.
/// </summary>
internal sealed class TaskHubHealthCheck(TaskHubSettings settings, TaskHubWorkerState worker, StorageProvisioner provisioner, TaskHubPartitions partitions) : IHealthCheck
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
            data["ownedPartitions"] = await partitions.OwnedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", ex, data);
        }

        return HealthCheckResult.Healthy("Storage answers and the worker is running.", data);
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streamer.Api.Hosting;
using Streamer.Api.Requests;

namespace Streamer.Api.Health;

/// <summary>Readiness where the engine is not ours to watch (the Functions host runs it): the request table exists and storage answers.</summary>
internal sealed class RequestIndexHealthCheck(StreamerStorage storage, StorageProvisioner provisioner, RequestStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["taskHub"] = storage.TaskHubName };
        if (!provisioner.IsProvisioned)
        {
            return HealthCheckResult.Unhealthy("The request table is not created yet.", data: data);
        }

        try
        {
            await store.ProbeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", ex, data);
        }

        return HealthCheckResult.Healthy("Storage answers.", data);
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;

namespace Streamer.Durable.Worker;

/// <summary>
/// Creates the task hub's storage when the host starts. Registered before the worker, so the worker never
/// polls queues that do not exist yet. Storage that is not reachable yet (Azurite still starting) is
/// retried with backoff until it answers or the host gives up starting.
/// </summary>
internal sealed partial class TaskHubProvisioner(IOrchestrationBackend backend, TimeProvider time, ILogger<TaskHubProvisioner> logger) : IHostedService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (backend is not IProvisionedBackend provisioned)
        {
            return;
        }

        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await provisioned.CreateIfNotExistsAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogProvisioningFailed(attempt, delay, ex);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating the task hub failed (attempt {Attempt}); retrying in {Delay}.")]
    private partial void LogProvisioningFailed(int attempt, TimeSpan delay, Exception exception);
}

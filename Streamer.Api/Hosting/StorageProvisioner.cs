using Streamer.Api.Requests;

namespace Streamer.Api.Hosting;

/// <summary>
/// Creates the request index table in the background, retrying while storage is not reachable, so a host started during a
/// storage outage still starts (liveness answers, readiness says not ready) and provisions itself once storage returns.
/// </summary>
internal sealed partial class StorageProvisioner(RequestStore store, TimeProvider time, ILogger<StorageProvisioner> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private volatile bool _provisioned;

    /// <summary>True once the request table exists.</summary>
    public bool IsProvisioned => _provisioned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await store.CreateIfNotExistsAsync(stoppingToken);
                _provisioned = true;
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(attempt, ex);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, attempt)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating the request table failed (attempt {Attempt}); retrying.")]
    private partial void LogRetry(int attempt, Exception exception);
}

using Microsoft.Extensions.Options;
using Microsoft.DurableTask.Client;
using Streamer.Functions.Hosting;

namespace Streamer.Functions.Requests;

/// <summary>
/// Deletes finished requests once they are older than <see cref="StreamerOptions.RequestRetention"/> (24 h by
/// default): the orchestration's history and state, and the request's index and progress rows. Requests still
/// running are kept however old they are. Every host sweeps; deletes are idempotent, so overlapping sweeps are harmless.
/// </summary>
internal sealed partial class RequestRetention(RequestStore store, DurableTaskClient client, IOptions<StreamerOptions> options, TimeProvider time, ILogger<RequestRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await SweepAsync(time.GetUtcNow() - settings.RequestRetention, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(purged);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage may be unreachable (its clients' timeouts surface as cancellations too); the next sweep catches up.
                LogSweepFailed(ex);
            }

            try
            {
                await Task.Delay(settings.RetentionSweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Purges the finished requests created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var purged = 0;
        await foreach (var record in store.ListCreatedBeforeAsync(cutoff, cancellationToken))
        {
            var instance = await client.GetInstanceAsync(record.InstanceId, cancellation: cancellationToken);
            if (instance is { IsCompleted: false })
            {
                continue;
            }

            if (instance is not null)
            {
                await client.PurgeInstanceAsync(record.InstanceId, cancellation: cancellationToken);
            }

            await store.DeleteAsync(record, cancellationToken);
            purged++;
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} finished request(s) past their retention.")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request retention sweep failed; it runs again later.")]
    private partial void LogSweepFailed(Exception exception);
}

using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Api.Hosting;

namespace Streamer.Api.Requests;

/// <summary>
/// Deletes finished requests once they are older than <see cref="StreamerOptions.RequestRetention"/> (24 h by
/// default), as purge does (<see cref="RequestDeletion"/>): what their handlers stored (output files, work blobs), the
/// orchestration's history and state, and the request's index and progress rows. Requests still running are kept
/// however old they are. Deletes are idempotent, so overlapping sweeps (several hosts, a timer that fires twice) are
/// harmless. The ASP.NET Core host sweeps from a background loop, the Functions app from a timer trigger.
/// </summary>
internal sealed partial class RequestRetention(RequestStore store, RequestDeletion deletion, IOptions<StreamerOptions> options, TimeProvider time, ILogger<RequestRetention> logger)
{
    /// <summary>Purges the finished requests past their retention; returns how many.</summary>
    public async Task<int> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var purged = await SweepAsync(client, time.GetUtcNow() - options.Value.RequestRetention, cancellationToken);
        if (purged > 0)
        {
            LogPurged(purged);
        }

        return purged;
    }

    /// <summary>Purges the finished requests created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> SweepAsync(DurableTaskClient client, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var purged = 0;
        await foreach (var record in store.ListCreatedBeforeAsync(cutoff, cancellationToken))
        {
            var instance = await client.GetInstanceAsync(record.InstanceId, cancellation: cancellationToken);
            if (instance is { IsCompleted: false })
            {
                continue;
            }

            try
            {
                await deletion.DeleteAsync(client, record, hasInstance: instance is not null, cancellationToken);
                purged++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A handler's artifacts that cannot be deleted now (or ever) must not hold up every request listed after
                // this one: its record stays, so the next sweep tries it again.
                LogDeleteFailed(ex, record.InstanceId);
            }
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} finished request(s) past their retention.")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete request instance {InstanceId} past its retention; the next sweep tries again.")]
    private partial void LogDeleteFailed(Exception exception, string instanceId);
}

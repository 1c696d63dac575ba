using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Api.Hosting;

namespace Streamer.Api.Requests;

/// <summary>
/// Deletes finished requests once they are older than <see cref="StreamerOptions.RequestRetention"/> (24 h by
/// default): the orchestration's history and state, and the request's index and progress rows. Requests still
/// running are kept however old they are. Deletes are idempotent, so overlapping sweeps (several hosts, a timer that
/// fires twice) are harmless. The ASP.NET Core host sweeps from a background loop, the Functions app from a timer trigger.
/// </summary>
internal sealed partial class RequestRetention(RequestStore store, IOptions<StreamerOptions> options, TimeProvider time, ILogger<RequestRetention> logger)
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
}

using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Api.Hosting;
using Streamer.Api.Requests;

namespace Streamer.Host.Requests;

/// <summary>Runs <see cref="RequestRetention"/> every <see cref="StreamerOptions.RetentionSweepInterval"/>; every host sweeps.</summary>
internal sealed partial class RetentionSweeper(RequestRetention retention, DurableTaskClient client, IOptions<StreamerOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retention.SweepAsync(client, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage may be unreachable (its clients' timeouts surface as cancellations too); the next sweep catches up.
                LogSweepFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.RetentionSweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request retention sweep failed; it runs again later.")]
    private partial void LogSweepFailed(Exception exception);
}

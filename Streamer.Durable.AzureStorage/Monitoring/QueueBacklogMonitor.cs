using System.Diagnostics.Metrics;
using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;

namespace Streamer.Durable.AzureStorage.Monitoring;

/// <summary>
/// Publishes the task hub's queue backlog as gauge <c>streamer.durable.queue.backlog</c> on meter
/// <c>Streamer.Durable.AzureStorage</c>. Counts are sampled in the background: a gauge callback runs on the
/// exporter's thread and must not wait on storage. The interval is <see cref="AzureStorageBackendOptions.QueueBacklogSampleInterval"/>.
/// </summary>
internal sealed partial class QueueBacklogMonitor : BackgroundService
{
    private readonly AzureStorageOrchestrationBackend? _backend;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueBacklogMonitor> _logger;
    private volatile QueueBacklog? _latest;

    public QueueBacklogMonitor(IOrchestrationBackend backend, ILogger<QueueBacklogMonitor> logger, IMeterFactory? meters = null, TimeProvider? time = null)
    {
        _backend = backend as AzureStorageOrchestrationBackend;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        var meter = meters?.Create(AzureStorageOrchestrationBackend.MeterName) ?? new Meter(AzureStorageOrchestrationBackend.MeterName);
        meter.CreateObservableGauge(
            "streamer.durable.queue.backlog",
            Observe,
            unit: "{message}",
            description: "Approximate messages waiting in the task hub's work-item queue (queue=workitems) and control queues (queue=control, by partition).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_backend is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(_backend.Options.QueueBacklogSampleInterval, _time);
        do
        {
            try
            {
                _latest = await _backend.GetQueueBacklogAsync(stoppingToken);
            }
            catch (RequestFailedException ex)
            {
                // Storage being briefly unreachable is the readiness check's business; the gauge just goes stale.
                LogSampleFailed(ex.Status, ex.ErrorCode);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        if (_latest is not { } backlog)
        {
            yield break;
        }

        yield return new Measurement<int>(backlog.WorkItems, new KeyValuePair<string, object?>("queue", "workitems"));
        for (var partition = 0; partition < backlog.ControlQueues.Count; partition++)
        {
            yield return new Measurement<int>(
                backlog.ControlQueues[partition],
                new KeyValuePair<string, object?>("queue", "control"),
                new KeyValuePair<string, object?>("partition", partition));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not sample the task hub's queue backlog ({Status} {ErrorCode}).")]
    private partial void LogSampleFailed(int status, string? errorCode);
}

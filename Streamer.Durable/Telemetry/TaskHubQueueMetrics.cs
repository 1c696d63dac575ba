using System.Diagnostics.Metrics;
using DurableTask.AzureStorage.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.TaskHub;

namespace Streamer.Durable.Telemetry;

/// <summary>
/// Publishes the task hub's queue lengths and latencies as gauges (meter <see cref="DurableTelemetry.SourceName"/>:
/// <c>streamer.durable.queue.backlog</c> and <c>streamer.durable.queue.latency</c>, tagged <c>queue</c>), read by the Azure
/// Storage provider's own <see cref="DisconnectedPerformanceMonitor"/> (the monitor Durable Functions scales by). Sampled
/// in the background because a gauge callback must not wait on storage. Every host reports the same shared queues:
/// aggregate by maximum, not sum.
/// </summary>
internal sealed partial class TaskHubQueueMetrics : BackgroundService
{
    private readonly AzureStorageTaskHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskHubQueueMetrics> _logger;
    private volatile PerformanceHeartbeat? _last;

    public TaskHubQueueMetrics(AzureStorageTaskHub hub, IMeterFactory meters, TimeProvider time, ILogger<TaskHubQueueMetrics> logger)
    {
        _hub = hub;
        _time = time;
        _logger = logger;
        var meter = meters.Create(DurableTelemetry.SourceName);
        meter.CreateObservableGauge("streamer.durable.queue.backlog", ObserveLengths, "{message}", "Messages waiting in the task hub's work-item and control queues.");
        meter.CreateObservableGauge("streamer.durable.queue.latency", ObserveLatencies, "ms", "Age of the oldest message in each task hub queue.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _hub.Settings.Options.StorageProvider.QueueMetricsSampleInterval;
        var monitor = new DisconnectedPerformanceMonitor(_hub.MonitorSettings);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _last = await monitor.PulseAsync().WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage may be unreachable: keep the last figures and try again at the next sample.
                LogSampleFailed(ex);
            }

            try
            {
                await Task.Delay(interval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveLengths()
    {
        if (_last is not { } last)
        {
            yield break;
        }

        yield return new Measurement<long>(last.WorkItemQueueLength, new KeyValuePair<string, object?>("queue", "workitems"));
        for (var i = 0; i < last.ControlQueueLengths.Count; i++)
        {
            yield return new Measurement<long>(last.ControlQueueLengths[i], new KeyValuePair<string, object?>("queue", $"control-{i:00}"));
        }
    }

    private IEnumerable<Measurement<double>> ObserveLatencies()
    {
        if (_last is not { } last)
        {
            yield break;
        }

        yield return new Measurement<double>(last.WorkItemQueueLatency.TotalMilliseconds, new KeyValuePair<string, object?>("queue", "workitems"));
        for (var i = 0; i < last.ControlQueueLatencies.Count; i++)
        {
            yield return new Measurement<double>(last.ControlQueueLatencies[i].TotalMilliseconds, new KeyValuePair<string, object?>("queue", $"control-{i:00}"));
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Reading the task hub's queue metrics failed; trying again at the next sample.")]
    private partial void LogSampleFailed(Exception exception);
}

using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Durable.TaskHub;

namespace Streamer.Durable.Worker;

/// <summary>
/// The durabletask-dotnet worker build target that runs the registered <c>Microsoft.DurableTask</c> orchestrators and
/// activities on DTFx's <see cref="TaskHubWorker"/> over the Azure Storage task hub. Starting retries until storage
/// answers, and nothing here ever throws out of the host's background service, so a storage outage never stops the host.
/// </summary>
public sealed partial class TaskHubWorkerService : DurableTaskWorker
{
    private static readonly TimeSpan MaxStartBackoff = TimeSpan.FromSeconds(10);
    private readonly AzureStorageTaskHub _hub;
    private readonly TaskHubWorkerState _state;
    private readonly DurableTaskShimFactory _shims;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private TaskHubWorker? _worker;

    /// <summary>Created by <c>AddDurableTaskWorker(b => b.UseTaskHub())</c> with the worker's name and task factory.</summary>
    public TaskHubWorkerService(
        string name,
        IDurableTaskFactory factory,
        AzureStorageTaskHub hub,
        TaskHubWorkerState state,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        IServiceProvider services,
        ILoggerFactory loggerFactory,
        TimeProvider time)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hub = hub;
        _state = state;
        _services = services;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TaskHubWorkerService>();
        _time = time;
        _shims = new DurableTaskShimFactory(options.Get(name), loggerFactory);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await _hub.Service.CreateIfNotExistsAsync().WaitAsync(stoppingToken);
                var worker = new TaskHubWorker(
                    _hub.Service,
                    new OrchestrationShims(Factory, _shims, _services),
                    new ActivityShims(Factory, _shims, _services),
                    _loggerFactory)
                {
                    // Microsoft.DurableTask reads failures as TaskFailureDetails (type, message, inner failure).
                    ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
                };
                worker.AddOrchestrationDispatcherMiddleware(OrchestrationShims.PassParentAsync);
                await worker.StartAsync().WaitAsync(stoppingToken);
                _worker = worker;
                _state.Started();
                LogStarted(_hub.Settings.TaskHubName, _hub.Settings.WorkerId);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _state.StartFailed(ex);
                var delay = TimeSpan.FromSeconds(Math.Min(MaxStartBackoff.TotalSeconds, attempt));
                LogStartFailed(attempt, delay.TotalSeconds, ex);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_worker is not { } worker)
        {
            return;
        }

        _state.Stopped();
        try
        {
            // A graceful stop releases this host's partition leases at once, so another host takes them over without
            // waiting for them to expire. The host's shutdown timeout bounds it (storage may be unreachable).
            await worker.StopAsync(isForced: false).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            LogStopFailed(ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Task hub '{TaskHub}' worker {WorkerId} started.")]
    private partial void LogStarted(string taskHub, string workerId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Starting the task hub worker failed (attempt {Attempt}); retrying in {DelaySeconds} s.")]
    private partial void LogStartFailed(int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The task hub worker did not stop cleanly; its leases expire on their own.")]
    private partial void LogStopFailed(Exception exception);
}

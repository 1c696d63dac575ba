using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Worker;

/// <summary>
/// The hosted service that executes orchestrations and activities from a backend, within the
/// concurrency limits of <see cref="DurableTaskWorkerOptions"/>. Stopping drains in-flight work up
/// to <see cref="DurableTaskWorkerOptions.ShutdownTimeout"/>; anything left is abandoned and retried.
/// </summary>
public sealed partial class DurableTaskWorker : BackgroundService
{
    private readonly IOrchestrationBackend _backend;
    private readonly DurableTaskWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestrationEpisodeRunner _episodes;
    private readonly ActivityRunner _activities;
    private readonly DurableTaskWorkerMetrics _metrics;
    private readonly WorkDispatcher<OrchestrationWorkItem> _orchestrationDispatcher;
    private readonly WorkDispatcher<ActivityWorkItem> _activityDispatcher;
    private readonly ActivityLockRenewer _renewer;
    private readonly ConcurrentDictionary<string, int> _episodeFailures = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _renewing = new();
    private readonly Lock _stopGate = new();
    private Task _renewal = Task.CompletedTask;
    private Task? _stopping;

    /// <summary>Consecutive failed episodes after which an instance is failed instead of retried.</summary>
    public const int MaxEpisodeAttempts = 5;

    /// <summary>Creates the worker; resolved from DI by <c>AddDurableTask</c>.</summary>
    public DurableTaskWorker(
        IOrchestrationBackend backend,
        DurableTaskRegistry registry,
        IServiceProvider services,
        IOptions<DurableTaskWorkerOptions> options,
        DataConverter converter,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _backend = backend;
        _options = options.Value;
        _options.Validate();
        _time = time;
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        _metrics = new DurableTaskWorkerMetrics(services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        _episodes = new OrchestrationEpisodeRunner(registry, services, converter, loggerFactory, time, new OrchestrationSessionCache(_options.MaxCachedOrchestrations), _metrics);
        _renewer = new ActivityLockRenewer(backend, _options.ActivityLockRenewalInterval, time, _logger);
        _activities = new ActivityRunner(registry, services.GetRequiredService<IServiceScopeFactory>(), converter, time);
        _orchestrationDispatcher = new WorkDispatcher<OrchestrationWorkItem>(
            "orchestration", _options.MaxConcurrentOrchestratorFunctions, backend.LockNextOrchestrationWorkItemAsync, ProcessOrchestrationAsync, _options.FetchErrorBackoff, time, _logger);
        _activityDispatcher = new WorkDispatcher<ActivityWorkItem>(
            "activity", _options.MaxConcurrentActivityFunctions, backend.LockNextActivityWorkItemAsync, ProcessActivityAsync, _options.FetchErrorBackoff, time, _logger);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Renewal outlives stoppingToken: activities still draining after stop keep their locks.
        _renewal = _renewer.RunAsync(_renewing.Token);
        return Task.WhenAll(_orchestrationDispatcher.RunAsync(stoppingToken), _activityDispatcher.RunAsync(stoppingToken));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A host can stop its services more than once, concurrently, and dispose them in between: <c>app.Run()</c>
    /// stops and disposes the host when it shuts down while whoever triggered the shutdown (a test's
    /// WebApplicationFactory, for one) stops it too. Every call shares the first stop, so none touches the
    /// worker after its resources were disposed.
    /// </remarks>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            _stopping ??= StopOnceAsync(cancellationToken);
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(
            _orchestrationDispatcher.DrainAsync(_options.ShutdownTimeout, cancellationToken),
            _activityDispatcher.DrainAsync(_options.ShutdownTimeout, cancellationToken));
        await _renewing.CancelAsync();
        await _renewal;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _orchestrationDispatcher.Dispose();
        _activityDispatcher.Dispose();
        _renewing.Dispose();
        base.Dispose();
    }

    private async Task ProcessOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        OrchestrationEpisodeRunner.Episode episode;
        try
        {
            episode = workItem.PoisonReason is { } poison
                ? new OrchestrationEpisodeRunner.Episode(_episodes.Poisoned(workItem, poison))
                : _episodes.Run(workItem);
            _metrics.RecordEpisode();
            _episodeFailures.TryRemove(workItem.InstanceId, out _);
        }
        catch (Exception ex)
        {
            // Engine-side failures (an orchestrator that cannot be constructed, a throwing callback) would
            // otherwise be redelivered at once, forever: back off, and after a few attempts fail the instance.
            var attempts = _episodeFailures.AddOrUpdate(workItem.InstanceId, 1, static (_, n) => n + 1);
            LogEpisodeFailed(_logger, ex, workItem.InstanceId, attempts);
            if (attempts < MaxEpisodeAttempts)
            {
                await DelayQuietlyAsync(TimeSpan.FromMilliseconds(50 * Math.Pow(2, attempts - 1)), cancellationToken);
                await _backend.AbandonOrchestrationWorkItemAsync(workItem, CancellationToken.None);
                return;
            }

            _episodeFailures.TryRemove(workItem.InstanceId, out _);
            episode = new OrchestrationEpisodeRunner.Episode(_episodes.Poisoned(
                workItem, $"The orchestration was failed after {attempts} consecutive episodes threw {ex.GetType().FullName}: {ex.Message}"));
        }

        try
        {
            await _backend.CompleteOrchestrationWorkItemAsync(workItem, episode.Result, cancellationToken);
        }
        catch (Exception ex)
        {
            _episodes.Discard(episode);
            LogCommitFailed(_logger, ex, workItem.InstanceId);
            if (ex is not WorkItemLockLostException)
            {
                await _backend.AbandonOrchestrationWorkItemAsync(workItem, CancellationToken.None);
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ProcessActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        _renewer.Track(workItem);
        HistoryEvent? result;
        try
        {
            result = await _activities.RunAsync(workItem, cancellationToken);
        }
        finally
        {
            _renewer.Untrack(workItem);
        }

        if (result is null)
        {
            LogActivityAbandoned(_logger, workItem.Scheduled.Name, workItem.Instance.InstanceId);
            await _backend.AbandonActivityWorkItemAsync(workItem, CancellationToken.None);
            return;
        }

        _metrics.RecordActivity(result is TaskCompletedEvent);
        try
        {
            await _backend.CompleteActivityWorkItemAsync(workItem, result, CancellationToken.None);
        }
        catch (WorkItemLockLostException ex)
        {
            // Another worker has the invocation now; its result will be used instead.
            LogCommitFailed(_logger, ex, workItem.Instance.InstanceId);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Running an episode of orchestration {InstanceId} failed (attempt {Attempt}); it is retried with backoff, then failed.")]
    private static partial void LogEpisodeFailed(ILogger logger, Exception exception, string instanceId, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Committing work for orchestration {InstanceId} failed; it will be retried.")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Activity {Name} for {InstanceId} was interrupted by shutdown and will run again.")]
    private static partial void LogActivityAbandoned(ILogger logger, string name, string instanceId);
}

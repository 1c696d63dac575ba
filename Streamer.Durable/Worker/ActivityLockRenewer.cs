using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;

namespace Streamer.Durable.Worker;

/// <summary>
/// Renews the locks of activities that run longer than the renewal interval. One loop serves all
/// running activities, so a short activity costs a dictionary insert and remove, not a timer.
/// </summary>
internal sealed partial class ActivityLockRenewer(IOrchestrationBackend backend, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<ActivityWorkItem, DateTimeOffset> _running = new();

    public void Track(ActivityWorkItem workItem) => _running[workItem] = time.GetUtcNow();

    public void Untrack(ActivityWorkItem workItem) => _running.TryRemove(workItem, out _);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = time.GetUtcNow();
                foreach (var (workItem, renewedAt) in _running)
                {
                    if (now - renewedAt >= interval)
                    {
                        await RenewAsync(workItem, now, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(ActivityWorkItem workItem, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await backend.RenewActivityWorkItemAsync(workItem, cancellationToken);
            _running.TryUpdate(workItem, now, _running.GetValueOrDefault(workItem));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A lost lock means the activity may run again elsewhere; its result here will be discarded.
            LogRenewFailed(logger, ex, workItem.Scheduled.Name, workItem.Instance.InstanceId);
            if (ex is WorkItemLockLostException)
            {
                Untrack(workItem);
            }
        }
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Renewing the lock of activity {Name} for {InstanceId} failed; it may run again elsewhere.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string name, string instanceId);
}

using System.Collections.Concurrent;
using Streamer.Durable.Backends;
using Streamer.Durable.History;

namespace Streamer.Durable.FaultHost;

/// <summary>
/// Wraps the host's real backend and logs every orchestration lock it hands to the worker: BEGIN
/// once <see cref="LockNextOrchestrationWorkItemAsync"/> has the lock, END once complete or abandon
/// has released it (whether or not the commit succeeded). Everything else is passed through.
/// </summary>
public sealed class EpisodeLoggingBackend(IOrchestrationBackend inner, EpisodeLog log) : IOrchestrationBackend, IProvisionedBackend, IAsyncDisposable
{
    public const string Completed = "completed";
    public const string Abandoned = "abandoned";

    private readonly ConcurrentDictionary<OrchestrationWorkItem, long> _open = new(ReferenceEqualityComparer.Instance);

    public async Task<OrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextOrchestrationWorkItemAsync(cancellationToken);
        _open[workItem] = log.Begin(workItem.InstanceId);
        return workItem;
    }

    public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemResult result, CancellationToken cancellationToken)
    {
        try
        {
            await inner.CompleteOrchestrationWorkItemAsync(workItem, result, cancellationToken);
        }
        catch (Exception ex)
        {
            // A failed commit releases the lock too (the messages are delivered again).
            End(workItem, "failed:" + ex.GetType().Name);
            throw;
        }

        End(workItem, Completed);
    }

    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        await inner.AbandonOrchestrationWorkItemAsync(workItem, cancellationToken);
        End(workItem, Abandoned);
    }

    public async Task<ActivityWorkItem> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextActivityWorkItemAsync(cancellationToken);
        log.Activity(workItem.Instance.InstanceId, workItem.Scheduled.EventId);
        return workItem;
    }

    public Task CreateInstanceAsync(ExecutionStartedEvent startEvent, CancellationToken cancellationToken) => inner.CreateInstanceAsync(startEvent, cancellationToken);

    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken) => inner.SendMessageAsync(message, cancellationToken);

    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
        => inner.GetInstanceAsync(instanceId, includeInputsAndOutputs, cancellationToken);

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken) => inner.GetHistoryAsync(instanceId, cancellationToken);

    public Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken) => inner.QueryInstancesAsync(query, cancellationToken);

    public Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken) => inner.PurgeInstancesAsync(filter, cancellationToken);

    public Task<OrchestrationMetadata> WaitForInstanceAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, bool includeInputsAndOutputs, CancellationToken cancellationToken)
        => inner.WaitForInstanceAsync(instanceId, condition, includeInputsAndOutputs, cancellationToken);

    public Task RenewActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken) => inner.RenewActivityWorkItemAsync(workItem, cancellationToken);

    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
        => inner.CompleteActivityWorkItemAsync(workItem, result, cancellationToken);

    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken) => inner.AbandonActivityWorkItemAsync(workItem, cancellationToken);

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
        => inner is IProvisionedBackend provisioned ? provisioned.CreateIfNotExistsAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>The container owns this wrapper, not the backend inside it, so the wrapper disposes it (releasing its partitions).</summary>
    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private void End(OrchestrationWorkItem workItem, string outcome)
    {
        // Only the first release counts: the worker abandons after a failed commit, which has already released.
        if (_open.TryRemove(workItem, out var sequence))
        {
            log.End(sequence, workItem.InstanceId, outcome);
        }
    }
}

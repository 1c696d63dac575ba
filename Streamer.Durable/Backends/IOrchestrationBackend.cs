using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>
/// Storage and messaging for a task hub. Every backend passes the same conformance suite and gives
/// the same guarantees:
/// <list type="bullet">
/// <item>an instance is locked by at most one worker at a time, and a work item's result is committed atomically;</item>
/// <item>activity messages are delivered at least once: a lock that is abandoned or expires makes the message visible again;</item>
/// <item>timer messages are not delivered before their fire time and survive restarts.</item>
/// </list>
/// </summary>
public interface IOrchestrationBackend
{
    /// <summary>
    /// Creates an instance in <see cref="OrchestrationRuntimeStatus.Pending"/> and queues its start.
    /// An existing terminal instance with the same id is replaced.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with that id is Pending, Running or Suspended.</exception>
    Task CreateInstanceAsync(ExecutionStartedEvent startEvent, CancellationToken cancellationToken);

    /// <summary>Queues a message (an external event, terminate, suspend or resume) for an existing instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken);

    /// <summary>Reads an instance's state, or null when it does not exist. Input and output are left out unless requested; custom status is always included.</summary>
    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken);

    /// <summary>Reads the current execution's history; empty when the instance does not exist.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Lists instances, newest first, one page at a time.</summary>
    Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a terminal instance and its history; non-terminal instances are left alone.</summary>
    Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes every terminal instance that matches <paramref name="filter"/>.</summary>
    Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the instance exists and <paramref name="condition"/> holds for its state.
    /// Backends notify or poll; callers bound the wait with <paramref name="cancellationToken"/>.
    /// </summary>
    Task<OrchestrationMetadata> WaitForInstanceAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, bool includeInputsAndOutputs, CancellationToken cancellationToken);

    /// <summary>Waits for and locks the next instance that has messages.</summary>
    Task<OrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken);

    /// <summary>Commits an episode's result and releases the lock, removing the work item's messages.</summary>
    /// <exception cref="WorkItemLockLostException">The lock expired and another worker may own the instance; nothing was committed.</exception>
    Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemResult result, CancellationToken cancellationToken);

    /// <summary>Releases the lock without committing; the messages are delivered again.</summary>
    Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken);

    /// <summary>Waits for and locks the next activity invocation.</summary>
    Task<ActivityWorkItem> LockNextActivityWorkItemAsync(CancellationToken cancellationToken);

    /// <summary>Extends an activity's lock while it runs.</summary>
    /// <exception cref="WorkItemLockLostException">The lock already expired.</exception>
    Task RenewActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken);

    /// <summary>Delivers the activity's result (a <see cref="TaskCompletedEvent"/> or <see cref="TaskFailedEvent"/>) and removes the invocation.</summary>
    /// <exception cref="WorkItemLockLostException">The lock expired; the invocation may run again elsewhere.</exception>
    Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken);

    /// <summary>Releases the lock without a result; the invocation is delivered again.</summary>
    Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken);
}

using Streamer.Durable.History;

namespace Streamer.Durable.Backends.InMemory;

/// <summary>
/// A task hub in process memory, with the same semantics as the Azure Storage backend: instance
/// locks that expire, at-least-once activity delivery, delayed timer messages and atomic commits.
/// For tests and quick starts; nothing survives the process.
/// </summary>
public sealed partial class InMemoryOrchestrationBackend : IOrchestrationBackend, IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Queue<InstanceRecord> _readyInstances = new();
    private readonly HashSet<InstanceRecord> _lockedInstances = [];
    private readonly Queue<TaskMessage> _readyActivities = new();
    private readonly Dictionary<long, InMemoryLock> _lockedActivities = [];
    private readonly PriorityQueue<TaskMessage, DateTimeOffset> _timers = new();
    private readonly AsyncSignal _orchestrationWork = new();
    private readonly AsyncSignal _activityWork = new();
    private readonly AsyncSignal _anyChange = new();
    private readonly ITimer _timerPump;
    private DateTimeOffset? _timerPumpDueAt;
    private long _lastToken;

    /// <summary>Creates an empty task hub.</summary>
    /// <param name="timeProvider">The clock for timers and lock expiry; a fake clock makes timers fire on demand.</param>
    /// <param name="lockTimeout">How long a worker may hold a work item before it is given to another worker.</param>
    public InMemoryOrchestrationBackend(TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5);
        _timerPump = _time.CreateTimer(_ => DeliverDueTimers(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public Task CreateInstanceAsync(ExecutionStartedEvent startEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startEvent);
        lock (_gate)
        {
            var instanceId = startEvent.Instance.InstanceId;
            if (_instances.TryGetValue(instanceId, out var existing) && !existing.State.RuntimeStatus.IsTerminal())
            {
                throw new OrchestrationAlreadyExistsException(instanceId, existing.State.RuntimeStatus);
            }

            CreateRecord(startEvent);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (!_instances.TryGetValue(message.Target.InstanceId, out var record))
            {
                throw new OrchestrationNotFoundException(message.Target.InstanceId);
            }

            if (!record.State.RuntimeStatus.IsTerminal())
            {
                Enqueue(record, message);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var record) ? Project(record.State, includeInputsAndOutputs) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var record) ? [.. record.History] : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc />
    public Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return Task.FromResult(InstanceQueryPager.Page([.. _instances.Values.Select(r => r.State)], query));
        }
    }

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var purged = _instances.TryGetValue(instanceId, out var record) && record.State.RuntimeStatus.IsTerminal() && Remove(record);
            return Task.FromResult(new PurgeResult(purged ? 1 : 0));
        }
    }

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var doomed = _instances.Values.Where(r =>
                r.State.RuntimeStatus.IsTerminal()
                && (filter.CreatedFrom is null || r.State.CreatedAt >= filter.CreatedFrom)
                && (filter.CreatedTo is null || r.State.CreatedAt < filter.CreatedTo)
                && (filter.Statuses is not { Count: > 0 } || filter.Statuses.Contains(r.State.RuntimeStatus))).ToList();
            return Task.FromResult(new PurgeResult(doomed.Count(Remove)));
        }
    }

    /// <inheritdoc />
    public async Task<OrchestrationMetadata> WaitForInstanceAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_instances.TryGetValue(instanceId, out var record))
                {
                    if (condition(record.State))
                    {
                        return Project(record.State, includeInputsAndOutputs);
                    }

                    changed = (record.Changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else
                {
                    changed = _anyChange.WaitAsync();
                }
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timerPump.Dispose();

    private static OrchestrationMetadata Project(OrchestrationMetadata state, bool includeInputsAndOutputs)
        => includeInputsAndOutputs ? state : state with { SerializedInput = null, SerializedOutput = null };

    private InstanceRecord CreateRecord(ExecutionStartedEvent start)
    {
        var now = _time.GetUtcNow();
        var record = new InstanceRecord(new OrchestrationMetadata
        {
            Name = start.Name,
            InstanceId = start.Instance.InstanceId,
            ExecutionId = start.Instance.ExecutionId!,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            SerializedInput = start.Input,
            ParentInstanceId = start.Parent?.InstanceId,
        });

        // Replacing a finished instance orphans any lock on the old record; its holder gets WorkItemLockLostException.
        if (_instances.Remove(start.Instance.InstanceId, out var old))
        {
            _lockedInstances.Remove(old);
            NotifyChanged(old);
        }

        _instances.Add(record.InstanceId, record);
        Enqueue(record, new TaskMessage(start.Instance, start));
        NotifyChanged(record);
        return record;
    }

    private bool Remove(InstanceRecord record)
    {
        _instances.Remove(record.InstanceId);
        _lockedInstances.Remove(record);
        NotifyChanged(record);
        return true;
    }

    private void Enqueue(InstanceRecord record, TaskMessage message)
    {
        record.Inbox.Add(message);
        MakeReadyIfIdle(record);
    }

    private void MakeReadyIfIdle(InstanceRecord record)
    {
        if (record.LockToken == 0 && !record.Queued && record.Inbox.Count > 0)
        {
            record.Queued = true;
            _readyInstances.Enqueue(record);
            _orchestrationWork.Set();
        }

        _anyChange.Set();
    }

    private void NotifyChanged(InstanceRecord record)
    {
        var changed = record.Changed;
        record.Changed = null;
        changed?.TrySetResult();
        _anyChange.Set();
    }

    private long NextToken() => ++_lastToken;
}

using Streamer.Durable.History;

namespace Streamer.Durable.Backends.InMemory;

// The worker-facing half: locking, committing and timer delivery.
public sealed partial class InMemoryOrchestrationBackend
{
    /// <inheritdoc />
    public async Task<OrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task available;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                ExpireInstanceLocks(now);
                while (_readyInstances.TryDequeue(out var record))
                {
                    record.Queued = false;
                    if (record.LockToken != 0 || record.Inbox.Count == 0 || !IsCurrent(record))
                    {
                        continue;
                    }

                    var token = NextToken();
                    record.LockToken = token;
                    record.LockExpiresAt = now + _lockTimeout;
                    record.LockedMessages = record.Inbox;
                    record.Inbox = [];
                    _lockedInstances.Add(record);
                    _anyChange.Set();
                    // The worker gets views it can read without the lock even if its lock expires and others write.
                    return new OrchestrationWorkItem(record.InstanceId, new HistorySnapshot(record.History), [.. record.LockedMessages], new InMemoryLock(token, record));
                }

                available = _orchestrationWork.WaitAsync();
            }

            await WaitForWorkAsync(available, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var record = OwnedRecord(workItem);
            var now = _time.GetUtcNow();
            if (result.State is { } state)
            {
                if (result.ResetHistory)
                {
                    record.History = [];
                }
                else
                {
                    record.History.AddRange(result.NewEvents);
                }

                record.State = state with { CreatedAt = record.State.CreatedAt };
            }

            foreach (var activity in result.ActivityMessages)
            {
                _readyActivities.Enqueue(activity);
            }

            if (result.ActivityMessages.Count > 0)
            {
                _activityWork.Set();
            }

            // Continue-as-new: the next generation's start and carried events go to the front of the
            // inbox, ahead of anything that arrived during the episode, preserving arrival order.
            var continuation = new List<TaskMessage>();
            foreach (var message in result.OrchestrationMessages)
            {
                if (result.ResetHistory && message.Target.InstanceId == record.InstanceId && message.VisibleAt is null)
                {
                    continuation.Add(message);
                }
                else
                {
                    Route(message, now);
                }
            }

            record.Inbox.InsertRange(0, continuation);
            Unlock(record);
            NotifyChanged(record);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (workItem.LockToken is InMemoryLock { Instance: { } record } held && record.LockToken == held.Token)
            {
                Unlock(record, restoreMessages: true);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ActivityWorkItem> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task available;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                ExpireActivityLocks(now);
                if (_readyActivities.TryDequeue(out var message))
                {
                    var held = new InMemoryLock(NextToken(), Activity: message) { ExpiresAt = now + _lockTimeout };
                    _lockedActivities.Add(held.Token, held);
                    _anyChange.Set();
                    return new ActivityWorkItem(message.Target, (TaskScheduledEvent)message.Event, held);
                }

                available = _activityWork.WaitAsync();
            }

            await WaitForWorkAsync(available, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task RenewActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            OwnedActivity(workItem).ExpiresAt = _time.GetUtcNow() + _lockTimeout;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var held = OwnedActivity(workItem);
            _lockedActivities.Remove(held.Token);
            Route(new TaskMessage(workItem.Instance, result), _time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (workItem.LockToken is InMemoryLock held && _lockedActivities.Remove(held.Token))
            {
                _readyActivities.Enqueue(held.Activity!);
                _activityWork.Set();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// For test harnesses with a fake clock: when no work can run (nothing queued, nothing locked),
    /// the time of the next durable timer, if any.
    /// </summary>
    internal bool TryGetIdleAdvanceTarget(out DateTimeOffset nextTimer)
    {
        lock (_gate)
        {
            // Timers of finished or purged instances would only move the clock for nothing.
            while (_timers.TryPeek(out var timer, out _) && !IsDeliverable(timer))
            {
                _timers.Dequeue();
            }

            nextTimer = default;
            return IsIdle() && _timers.TryPeek(out _, out nextTimer);
        }
    }

    /// <summary>For test harnesses: true when no work can run until a timer fires or a client acts.</summary>
    internal bool IsIdleNow()
    {
        lock (_gate)
        {
            return IsIdle();
        }
    }

    /// <summary>For test harnesses: completes at the next change of any queue or lock.</summary>
    internal Task WaitForAnyChangeAsync()
    {
        lock (_gate)
        {
            return _anyChange.WaitAsync();
        }
    }

    private bool IsIdle()
        => _lockedInstances.Count == 0 && _lockedActivities.Count == 0 && _readyActivities.Count == 0
            && !_readyInstances.Any(r => r.Inbox.Count > 0 && IsCurrent(r));

    private bool IsDeliverable(TaskMessage message)
        => _instances.TryGetValue(message.Target.InstanceId, out var record) && !record.State.RuntimeStatus.IsTerminal();

    private bool IsCurrent(InstanceRecord record)
        => _instances.TryGetValue(record.InstanceId, out var current) && ReferenceEquals(current, record);

    private async Task WaitForWorkAsync(Task available, CancellationToken cancellationToken)
    {
        try
        {
            // Wake at least once per lock timeout so that expired locks are reclaimed even when nothing new arrives.
            await available.WaitAsync(_lockTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private InstanceRecord OwnedRecord(OrchestrationWorkItem workItem)
    {
        if (workItem.LockToken is InMemoryLock { Instance: { } record } held
            && record.LockToken == held.Token
            && IsCurrent(record))
        {
            return record;
        }

        throw new WorkItemLockLostException($"The lock on orchestration '{workItem.InstanceId}' was lost (it expired, or the instance was replaced or purged); nothing was committed.");
    }

    private InMemoryLock OwnedActivity(ActivityWorkItem workItem)
    {
        if (workItem.LockToken is InMemoryLock held && _lockedActivities.ContainsKey(held.Token))
        {
            return held;
        }

        throw new WorkItemLockLostException($"The lock on activity '{workItem.Scheduled.Name}' (#{workItem.Scheduled.EventId}) of '{workItem.Instance.InstanceId}' expired; it will run again.");
    }

    private void Unlock(InstanceRecord record, bool restoreMessages = false)
    {
        if (restoreMessages && record.LockedMessages is { } locked)
        {
            locked.AddRange(record.Inbox);
            record.Inbox = locked;
        }

        record.LockToken = 0;
        record.LockedMessages = null;
        _lockedInstances.Remove(record);
        MakeReadyIfIdle(record);
    }

    private void ExpireInstanceLocks(DateTimeOffset now)
    {
        List<InstanceRecord>? expired = null;
        foreach (var record in _lockedInstances)
        {
            if (record.LockExpiresAt <= now)
            {
                (expired ??= []).Add(record);
            }
        }

        expired?.ForEach(record => Unlock(record, restoreMessages: true));
    }

    private void ExpireActivityLocks(DateTimeOffset now)
    {
        List<InMemoryLock>? expired = null;
        foreach (var held in _lockedActivities.Values)
        {
            if (held.ExpiresAt <= now)
            {
                (expired ??= []).Add(held);
            }
        }

        foreach (var held in expired ?? [])
        {
            _lockedActivities.Remove(held.Token);
            _readyActivities.Enqueue(held.Activity!);
            _activityWork.Set();
        }
    }

    /// <summary>Delivers a message now, or holds it until its visible time.</summary>
    private void Route(TaskMessage message, DateTimeOffset now)
    {
        if (message.VisibleAt is { } visibleAt && visibleAt > now)
        {
            _timers.Enqueue(message, visibleAt);
            ArmTimerPump(now);
            _anyChange.Set();
            return;
        }

        Deliver(message);
    }

    private void Deliver(TaskMessage message)
    {
        _instances.TryGetValue(message.Target.InstanceId, out var record);
        if (message.Event is ExecutionStartedEvent start)
        {
            StartSubOrchestration(record, start);
            return;
        }

        // Messages for instances that were purged or replaced are dropped.
        if (record is not null && !record.State.RuntimeStatus.IsTerminal())
        {
            Enqueue(record, message);
        }
    }

    private void StartSubOrchestration(InstanceRecord? existing, ExecutionStartedEvent start)
    {
        if (existing is null || existing.State.RuntimeStatus.IsTerminal())
        {
            CreateRecord(start);
            return;
        }

        if (start.Parent is { } parent)
        {
            var failure = new TaskFailureDetails(
                typeof(OrchestrationAlreadyExistsException).FullName!,
                new OrchestrationAlreadyExistsException(start.Instance.InstanceId, existing.State.RuntimeStatus).Message);
            Deliver(new TaskMessage(
                new OrchestrationInstance(parent.InstanceId, parent.ExecutionId),
                new SubOrchestrationInstanceFailedEvent(_time.GetUtcNow(), parent.TaskScheduledId, failure)));
        }
    }

    private void DeliverDueTimers()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _timerPumpDueAt = null;
            while (_timers.TryPeek(out var message, out var dueAt) && dueAt <= now)
            {
                _timers.Dequeue();
                Deliver(message);
            }

            ArmTimerPump(now);
        }
    }

    private void ArmTimerPump(DateTimeOffset now)
    {
        if (!_timers.TryPeek(out _, out var next) || _timerPumpDueAt == next)
        {
            return;
        }

        _timerPumpDueAt = next;
        var delay = next - now;
        _timerPump.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }
}

using Azure;
using Microsoft.Extensions.Logging;
using Streamer.Durable.AzureStorage.Messaging;
using Streamer.Durable.AzureStorage.Partitioning;
using Streamer.Durable.AzureStorage.Tracking;
using Streamer.Durable.Backends;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage;

// Orchestration work: receiving from owned control queues, locking instances, committing episodes.
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int ControlBatchSize = 32;
    private const int MaxBufferedMessages = 5000;
    private const int MaxCachedHistories = 1000;
    private static readonly TimeSpan HandOverPollInterval = TimeSpan.FromMilliseconds(50);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceInbox> _inboxes = new(StringComparer.Ordinal);
    private readonly Queue<InstanceInbox> _ready = new();
    private readonly Dictionary<string, HistoryState> _historyCache = new(StringComparer.Ordinal);
    private readonly AdaptivePoller _controlPoller;
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource? _orchestrationWork;
    private Task? _background;
    private int _buffered;

    /// <inheritdoc />
    public async Task<OrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken)
    {
        EnsureBackgroundStarted();
        while (true)
        {
            Task available;
            InstanceInbox? inbox = null;
            long lockNumber = 0;
            var owned = _partitions.Owned;
            List<(int Partition, ReceivedMessage Message)> dropped = [];
            lock (_gate)
            {
                while (inbox is null && _ready.TryDequeue(out var candidate))
                {
                    candidate.Queued = false;
                    if (candidate.InFlight is null && candidate.Pending.Count > 0 && !owned.Contains(candidate.Partition))
                    {
                        // Its partition moved to another host; running it here could run the instance on two hosts at once.
                        dropped.AddRange(Drop(candidate));
                    }
                    else if (candidate.InFlight is null && candidate.Pending.Count > 0)
                    {
                        inbox = candidate;
                        lockNumber = inbox.Lock();
                    }
                }

                available = inbox is null ? (_orchestrationWork ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            }

            try
            {
                await GiveBackAsync(dropped, cancellationToken);
            }
            catch when (inbox is not null)
            {
                Release(inbox, restore: true);
                throw;
            }

            if (inbox is null)
            {
                await available.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                if (await TryBuildWorkItemAsync(inbox, lockNumber, cancellationToken) is { } workItem)
                {
                    return workItem;
                }
            }
            catch
            {
                Release(inbox, restore: true);
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationWorkItemResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        var session = (OrchestrationSession)workItem.LockToken;
        var inbox = session.Inbox;
        var consumed = session.Messages;
        try
        {
            // Messages go out before history is written: a crash in between re-runs the episode and
            // sends duplicates (dropped on arrival), where the opposite order would lose them.
            await SendOutboundAsync(result, session, cancellationToken);
            if (result.State is { } state)
            {
                if (result.ResetHistory)
                {
                    await _history.ResetAsync(inbox.InstanceId, session.History, cancellationToken);
                }
                else
                {
                    var sources = consumed.Where(m => m.Message is not null).ToDictionary(m => (object)m.Message!.Event, m => m.MessageId, ReferenceEqualityComparer.Instance);
                    await _history.AppendAsync(inbox.InstanceId, session.History, result.NewEvents, e => sources.GetValueOrDefault(e), cancellationToken);
                }

                await _instances.WriteAsync(state with { CreatedAt = session.CreatedAt }, cancellationToken);
            }

            await DeleteAllAsync(inbox, consumed, cancellationToken);
            Release(inbox, restore: false, heldLock: session.Lock);
        }
        catch
        {
            ForgetHistory(inbox.InstanceId);
            Release(inbox, restore: true, heldLock: session.Lock);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var session = (OrchestrationSession)workItem.LockToken;

        // The worker also abandons after a failed commit, which has released the lock already (and another
        // worker may hold it now): only a lock this work item still holds is released.
        if (Release(session.Inbox, restore: true, heldLock: session.Lock))
        {
            ForgetHistory(session.Inbox.InstanceId);
        }

        await Task.CompletedTask;
    }

    private async Task<OrchestrationWorkItem?> TryBuildWorkItemAsync(InstanceInbox inbox, long lockNumber, CancellationToken cancellationToken)
    {
        var row = await _instances.GetAsync(inbox.InstanceId, includeInputsAndOutputs: false, cancellationToken);
        HistoryState? cached;
        lock (_gate)
        {
            _historyCache.TryGetValue(inbox.InstanceId, out cached);
        }

        var history = await _history.LoadAsync(inbox.InstanceId, cached, cancellationToken);
        RememberHistory(inbox.InstanceId, history);
        await RepairFinishedInstanceAsync(row, history, cancellationToken);

        // Messages already recorded in history were processed before a crash kept them from being deleted.
        var duplicates = inbox.InFlight!.Where(m => history.MessageIds.Contains(m.MessageId)).ToList();
        if (duplicates.Count > 0)
        {
            await DeleteAllAsync(inbox, duplicates, cancellationToken);
            inbox.InFlight!.RemoveAll(duplicates.Contains);
        }

        var messages = inbox.InFlight!;
        var waitingForStart = history.Events.Count == 0
            && row is { State.RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew }
            && !messages.Any(m => m.Message?.Event is ExecutionStartedEvent);
        if (messages.Count == 0 || waitingForStart)
        {
            // Queues do not guarantee order: hold events that overtook their execution's start message
            // until it arrives (its arrival makes the inbox ready again).
            Release(inbox, restore: true, makeReady: !waitingForStart);
            return null;
        }

        var poisoned = messages.FirstOrDefault(m => m.DequeueCount > _options.MaxDequeueCount);
        if (poisoned is not null)
        {
            await _poison.SendMessageAsync(poisoned.Body, cancellationToken: cancellationToken);
        }

        return new OrchestrationWorkItem(
            inbox.InstanceId,
            new HistorySnapshot(history.Events),
            [.. messages.Select(m => m.Message!)],
            new OrchestrationSession(inbox, lockNumber, messages, history, row?.State.CreatedAt ?? _time.GetUtcNow()))
        {
            PoisonReason = poisoned is null ? null
                : $"A message for this instance was dequeued {poisoned.DequeueCount} times (more than maxDequeueCount = {_options.MaxDequeueCount}), "
                    + $"so processing it keeps failing; it was copied to the poison queue '{PoisonQueueName}'.",
        };
    }

    /// <summary>
    /// A commit writes history before the instance row, so a host that dies (or loses storage) in between
    /// leaves the row behind. Normally the next episode rewrites it, but nothing more arrives for a finished
    /// execution: its redelivered messages are recognised as already recorded and dropped, and the row would
    /// stay Running forever. This brings such a row up to date from the recorded completion (the custom
    /// status, which history does not record, stays as last written).
    /// </summary>
    private async Task RepairFinishedInstanceAsync((OrchestrationMetadata State, ETag ETag)? row, HistoryState history, CancellationToken cancellationToken)
    {
        if (row is not { State: var state }
            || history.Events is not [.., ExecutionCompletedEvent done, OrchestratorCompletedEvent]
            || state.ExecutionId != history.ExecutionId
            || state.RuntimeStatus == done.Status
            || history.Events.Take(2).OfType<ExecutionStartedEvent>().FirstOrDefault() is not { } start)
        {
            return;
        }

        LogInstanceRepaired(_logger, state.InstanceId, state.RuntimeStatus, done.Status);
        await _instances.WriteAsync(
            state with
            {
                RuntimeStatus = done.Status,
                LastUpdatedAt = done.Timestamp,
                SerializedInput = start.Input,
                SerializedOutput = done.Result,
                FailureDetails = done.FailureDetails,
            },
            cancellationToken);
    }

    private async Task SendOutboundAsync(OrchestrationWorkItemResult result, OrchestrationSession session, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(result.ActivityMessages, parallel, async (message, ct) => await _workItems.SendAsync(message, ct));
        if (result.ActivityMessages.Count > 0)
        {
            _activityPoller.Nudge();
        }

        // Messages to this instance keep their order (a continuation's start before its carried events).
        var (own, others) = result.OrchestrationMessages.Aggregate(
            (Own: new List<TaskMessage>(), Others: new List<TaskMessage>()),
            (lists, m) => { (m.Target.InstanceId == session.Inbox.InstanceId ? lists.Own : lists.Others).Add(m); return lists; });
        await Parallel.ForEachAsync(others, parallel, async (message, ct) => await SendToInstanceAsync(await StartChildIfNeededAsync(message, ct), ct));
        foreach (var message in own)
        {
            await SendToInstanceAsync(message, cancellationToken);
        }
    }

    /// <summary>
    /// Creates the instance row of a sub-orchestration before its start message is sent. If the id
    /// belongs to a running instance of another execution, the parent is told the start failed.
    /// </summary>
    private async Task<TaskMessage> StartChildIfNeededAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        if (message.Event is not ExecutionStartedEvent { Parent: { } parent } start)
        {
            return message;
        }

        while (true)
        {
            var existing = await _instances.GetAsync(start.Instance.InstanceId, includeInputsAndOutputs: false, cancellationToken);
            if (existing is { } row && row.State.ExecutionId == start.Instance.ExecutionId)
            {
                return message; // The same start, sent again by a re-run episode.
            }

            if (existing is { State.RuntimeStatus: var status } && !status.IsTerminal())
            {
                var conflict = new OrchestrationAlreadyExistsException(start.Instance.InstanceId, status);
                return new TaskMessage(
                    new OrchestrationInstance(parent.InstanceId, parent.ExecutionId),
                    new SubOrchestrationInstanceFailedEvent(_time.GetUtcNow(), parent.TaskScheduledId, new TaskFailureDetails(typeof(OrchestrationAlreadyExistsException).FullName!, conflict.Message)));
            }

            if (await TryClaimAsync(start, existing, cancellationToken))
            {
                return message;
            }
        }
    }

    private async Task DeleteAllAsync(InstanceInbox inbox, List<ReceivedMessage> messages, CancellationToken cancellationToken)
    {
        var queue = _controlQueues[inbox.Partition];
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (m, ct) => await queue.DeleteAsync(m, ct));
        lock (_gate)
        {
            _buffered -= messages.Count;
        }
    }

    /// <summary>Unlocks the inbox; with <paramref name="heldLock"/>, only if that lock is still the one held. False when nothing was released.</summary>
    private bool Release(InstanceInbox inbox, bool restore, bool makeReady = true, long? heldLock = null)
    {
        lock (_gate)
        {
            if (heldLock is { } expected && (inbox.InFlight is null || inbox.LockCount != expected))
            {
                return false;
            }

            // Anything that arrived while the instance was held (possibly the start message it was waiting for) needs a new look.
            var arrivedMeanwhile = inbox.Pending.Count > 0;
            if (restore && inbox.InFlight is { } held)
            {
                held.AddRange(inbox.Pending);
                inbox.Pending = held;
            }

            inbox.InFlight = null;
            if (inbox.Pending.Count == 0)
            {
                _inboxes.Remove(inbox.InstanceId);
            }
            else if (makeReady || arrivedMeanwhile)
            {
                MakeReady(inbox);
            }

            return true;
        }
    }

    private void MakeReady(InstanceInbox inbox)
    {
        if (!inbox.Queued && inbox.InFlight is null && inbox.Pending.Count > 0)
        {
            inbox.Queued = true;
            _ready.Enqueue(inbox);
            var waiting = _orchestrationWork;
            _orchestrationWork = null;
            waiting?.TrySetResult();
        }
    }

    private void RememberHistory(string instanceId, HistoryState history)
    {
        lock (_gate)
        {
            if (_historyCache.Count >= MaxCachedHistories && !_historyCache.ContainsKey(instanceId))
            {
                _historyCache.Remove(_historyCache.Keys.First());
            }

            _historyCache[instanceId] = history;
        }
    }

    private void ForgetHistory(string instanceId)
    {
        lock (_gate)
        {
            _historyCache.Remove(instanceId);
        }
    }

    private void EnsureBackgroundStarted()
    {
        lock (_gate)
        {
            _background ??= Task.WhenAll(
                Task.Run(() => _partitions.RunAsync(_stopping.Token)),
                Task.Run(() => ReceiveControlMessagesAsync(_stopping.Token)));
        }
    }

    private async Task ReceiveControlMessagesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = 0;
            try
            {
                foreach (var partition in _partitions.Owned)
                {
                    if (Volatile.Read(ref _buffered) >= MaxBufferedMessages)
                    {
                        break;
                    }

                    foreach (var message in await _controlQueues[partition].ReceiveAsync(ControlBatchSize, _options.MessageVisibilityTimeout, cancellationToken))
                    {
                        received++;
                        await AcceptAsync(partition, message, cancellationToken);
                    }
                }

                await GiveBackUnownedAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReceiveFailed(_logger, ex, "control");
            }

            if (received > 0)
            {
                _controlPoller.Reset();
            }
            else
            {
                try
                {
                    await _controlPoller.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task AcceptAsync(int partition, ReceivedMessage received, CancellationToken cancellationToken)
    {
        var queue = _controlQueues[partition];
        if (received.Message is null)
        {
            await _poison.SendMessageAsync(received.Body, cancellationToken: cancellationToken);
            await queue.DeleteAsync(received, cancellationToken);
            return;
        }

        if (received.Message.VisibleAt is { } due && due > _time.GetUtcNow())
        {
            // A timer beyond the queue's seven-day limit surfaced early: hide it again for the rest.
            await queue.SendAsync(received.Message, cancellationToken);
            await queue.DeleteAsync(received, cancellationToken);
            return;
        }

        lock (_gate)
        {
            var instanceId = received.Message.Target.InstanceId;
            if (!_inboxes.TryGetValue(instanceId, out var inbox))
            {
                _inboxes[instanceId] = inbox = new InstanceInbox(instanceId, partition);
            }

            if (inbox.Find(received.MessageId) is { } known)
            {
                known.PopReceipt = received.PopReceipt; // Its visibility lapsed and it came round again.
                return;
            }

            inbox.Pending.Add(received);
            _buffered++;
            MakeReady(inbox);
        }
    }

    /// <summary>
    /// Hands partitions this host gives up over to their next owner (see <see cref="PartitionManager"/>): waits,
    /// within a bound that keeps the other leases renewed, until no work item of theirs is locked here, so that
    /// the next owner never runs an instance while this host still does, then gives their messages back.
    /// </summary>
    private async Task HandOverAsync(IReadOnlySet<int> partitions, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + ((_options.PartitionLeaseDuration - _options.PartitionLeaseRenewInterval) / 2);
        while (_time.GetUtcNow() < deadline)
        {
            lock (_gate)
            {
                if (!_inboxes.Values.Any(i => i.InFlight is not null && partitions.Contains(i.Partition)))
                {
                    break;
                }
            }

            await Task.Delay(HandOverPollInterval, _time, cancellationToken);
        }

        await GiveBackUnownedAsync(cancellationToken);
    }

    /// <summary>Forgets the unlocked messages of partitions this host no longer owns and gives them back to the queue.</summary>
    private async Task GiveBackUnownedAsync(CancellationToken cancellationToken)
    {
        var owned = _partitions.Owned;
        List<(int Partition, ReceivedMessage Message)> dropped = [];
        lock (_gate)
        {
            foreach (var inbox in _inboxes.Values.Where(i => !owned.Contains(i.Partition) && i.InFlight is null).ToList())
            {
                dropped.AddRange(Drop(inbox));
            }
        }

        await GiveBackAsync(dropped, cancellationToken);
    }

    /// <summary>Forgets an unlocked inbox and returns its messages; call under <see cref="_gate"/>.</summary>
    private IEnumerable<(int Partition, ReceivedMessage Message)> Drop(InstanceInbox inbox)
    {
        var messages = inbox.Pending;
        _buffered -= messages.Count;
        inbox.Pending = [];
        _inboxes.Remove(inbox.InstanceId);
        return messages.Select(m => (inbox.Partition, m));
    }

    /// <summary>
    /// Makes dropped messages visible again at once, so that the partition's new owner does not wait out their
    /// visibility timeout (minutes). Best effort: a message that cannot be updated comes back when it lapses.
    /// </summary>
    private async Task GiveBackAsync(List<(int Partition, ReceivedMessage Message)> dropped, CancellationToken cancellationToken)
    {
        if (dropped.Count == 0)
        {
            return;
        }

        try
        {
            await Parallel.ForEachAsync(
                dropped,
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (d, ct) => await _controlQueues[d.Partition].SetVisibilityAsync(d.Message, TimeSpan.Zero, ct));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage errors surface as RequestFailedException, or AggregateException once the client's retries are spent.
            LogGiveBackFailed(_logger, ex, dropped.Count);
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Receiving from the {Queue} queue failed; retrying.")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "Giving back {Count} message(s) of partitions this host no longer owns failed; they come back when their visibility lapses.")]
    private static partial void LogGiveBackFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Instance {InstanceId} was recorded as {Recorded} in its history but its row said {Row} (a commit was interrupted); the row was brought up to date.")]
    private static partial void LogInstanceRepaired(ILogger logger, string instanceId, OrchestrationRuntimeStatus row, OrchestrationRuntimeStatus recorded);
}

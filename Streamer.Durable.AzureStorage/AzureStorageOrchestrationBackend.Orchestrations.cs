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
            lock (_gate)
            {
                while (inbox is null && _ready.TryDequeue(out var candidate))
                {
                    candidate.Queued = false;
                    if (candidate.InFlight is null && candidate.Pending.Count > 0)
                    {
                        inbox = candidate;
                        inbox.InFlight = inbox.Pending;
                        inbox.Pending = [];
                    }
                }

                available = inbox is null ? (_orchestrationWork ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            }

            if (inbox is null)
            {
                await available.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                if (await TryBuildWorkItemAsync(inbox, cancellationToken) is { } workItem)
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
        var consumed = inbox.InFlight!;
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
            Release(inbox, restore: false);
        }
        catch
        {
            ForgetHistory(inbox.InstanceId);
            Release(inbox, restore: true);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var session = (OrchestrationSession)workItem.LockToken;
        ForgetHistory(session.Inbox.InstanceId);
        Release(session.Inbox, restore: true);
        await Task.CompletedTask;
    }

    private async Task<OrchestrationWorkItem?> TryBuildWorkItemAsync(InstanceInbox inbox, CancellationToken cancellationToken)
    {
        var row = await _instances.GetAsync(inbox.InstanceId, includeInputsAndOutputs: false, cancellationToken);
        HistoryState? cached;
        lock (_gate)
        {
            _historyCache.TryGetValue(inbox.InstanceId, out cached);
        }

        var history = await _history.LoadAsync(inbox.InstanceId, cached, cancellationToken);
        RememberHistory(inbox.InstanceId, history);

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
            new OrchestrationSession(inbox, history, row?.State.CreatedAt ?? _time.GetUtcNow()))
        {
            PoisonReason = poisoned is null ? null
                : $"A message for this instance was dequeued {poisoned.DequeueCount} times (more than maxDequeueCount = {_options.MaxDequeueCount}), "
                    + $"so processing it keeps failing; it was copied to the poison queue '{PoisonQueueName}'.",
        };
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

    private void Release(InstanceInbox inbox, bool restore, bool makeReady = true)
    {
        lock (_gate)
        {
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

                DropUnownedInboxes();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReceiveFailed(_logger, ex, "control");
            }

            if (received == 0)
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

    /// <summary>Forgets messages of partitions this host no longer owns; they reappear for the new owner.</summary>
    private void DropUnownedInboxes()
    {
        var owned = _partitions.Owned;
        lock (_gate)
        {
            foreach (var inbox in _inboxes.Values.Where(i => !owned.Contains(i.Partition) && i.InFlight is null).ToList())
            {
                _buffered -= inbox.Pending.Count;
                inbox.Pending = [];
                _inboxes.Remove(inbox.InstanceId);
            }
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Receiving from the {Queue} queue failed; retrying.")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue);
}

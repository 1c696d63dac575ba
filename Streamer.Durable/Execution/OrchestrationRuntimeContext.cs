using System.Text;
using Microsoft.Extensions.Logging;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Execution;

/// <summary>
/// The context handed to orchestrator code. It records what the code schedules as pending actions
/// (matched against history on replay, emitted as new history otherwise) and completes the tasks
/// the code awaits when their result events are applied.
/// </summary>
internal sealed class OrchestrationRuntimeContext : TaskOrchestrationContext
{
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly OrchestrationSynchronizationContext _syncContext;
    private readonly SortedDictionary<int, HistoryEvent> _pendingActions = [];
    private readonly Dictionary<int, OpenTask> _openTasks = [];
    private readonly ExternalEventRouter _events;
    private ExecutionStartedEvent? _start;
    private int _sequence;
    private int _guidCounter;
    private DateTime _currentUtc;

    public OrchestrationRuntimeContext(DataConverter converter, ILoggerFactory loggerFactory, OrchestrationSynchronizationContext syncContext)
    {
        _converter = converter;
        _loggerFactory = loggerFactory;
        _syncContext = syncContext;
        _events = new ExternalEventRouter(syncContext);
    }

    public override string Name => Start.Name;

    public override string InstanceId => Start.Instance.InstanceId;

    public override ParentOrchestrationInstance? Parent => Start.Parent;

    public override bool IsReplaying => IsReplayingCore;

    public override DateTime CurrentUtcDateTime => _currentUtc;

    internal bool IsReplayingCore { get; set; }

    internal string? SerializedCustomStatus { get; private set; }

    internal ContinueAsNewRequest? ContinueAsNewRequest { get; private set; }

    /// <summary>True when the code awaits something this context will complete: a task, timer or event.</summary>
    internal bool HasOutstandingWork => _openTasks.Count > 0 || _events.HasWaiters;

    internal IEnumerable<HistoryEvent> PendingActions => _pendingActions.Values;

    internal IReadOnlyList<EventRaisedEvent> UnconsumedEvents => _events.Buffered;

    private ExecutionStartedEvent Start => _start ?? throw new InvalidOperationException("The orchestration has not started.");

    public override T? GetInput<T>() where T : default => _converter.Deserialize<T>(Start.Input);

    public override async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serializedInput = _converter.Serialize(input);
        var result = await RetryHandler.RunAsync(
            this,
            options?.Retry,
            () => Schedule(id => new TaskScheduledEvent(id, _currentUtc, name, serializedInput), name));
        return _converter.Deserialize<TResult>(result)!;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serializedInput = _converter.Serialize(input);
        var result = await RetryHandler.RunAsync(
            this,
            options?.Retry,
            () => Schedule(
                id =>
                {
                    // A deterministic GUID rather than "{parent}:{sequence}": sequence numbers restart with
                    // every continue-as-new generation, and a child of an earlier generation may still run.
                    var childId = options?.InstanceId ?? NewGuid().ToString("N");
                    InstanceIds.Validate(childId);
                    return new SubOrchestrationInstanceCreatedEvent(id, _currentUtc, name, childId, serializedInput);
                },
                name));
        return _converter.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var fireAtUtc = new DateTimeOffset(fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var id = _sequence;
        var task = Schedule(seq => new TimerCreatedEvent(seq, _currentUtc, fireAtUtc), "timer");
        if (cancellationToken.CanBeCanceled)
        {
            // Cancelling only abandons the wait; the timer message still arrives later and is dropped as stale.
            // The callback is posted so that a cancel from another thread is caught as a determinism violation.
            cancellationToken.Register(() => _syncContext.Post(_ =>
            {
                if (_openTasks.Remove(id, out var open))
                {
                    open.Source.TrySetCanceled(cancellationToken);
                }
            }, null));
        }

        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOnOrchestrationThread();
        return ConvertEventAsync<T>(_events.Wait(eventName, cancellationToken));
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = WaitForExternalEvent<T>(eventName, linked.Token);
        var timer = CreateTimer(_currentUtc.Add(timeout), linked.Token);
        var winner = await Task.WhenAny(received, timer);
        // Cancel synchronously: CancelAsync would run the callbacks on another thread.
#pragma warning disable CA1849
        linked.Cancel();
#pragma warning restore CA1849
        if (winner == received)
        {
            return await received;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"Event '{eventName}' was not received within {timeout}.");
    }

    public override void SendEvent(string instanceId, string eventName, object? eventData = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOnOrchestrationThread();
        var id = _sequence++;
        _pendingActions.Add(id, new EventSentEvent(id, _currentUtc, instanceId, eventName, _converter.Serialize(eventData)));
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOnOrchestrationThread();
        var serialized = _converter.Serialize(customStatus);
        var size = serialized is null ? 0 : Encoding.UTF8.GetByteCount(serialized);
        if (size > MaxCustomStatusBytes)
        {
            throw new ArgumentException(
                $"Custom status is {size} bytes when serialized; the limit is {MaxCustomStatusBytes} bytes. Keep it to a small summary and put large data in the output or an activity's storage.",
                nameof(customStatus));
        }

        SerializedCustomStatus = serialized;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOnOrchestrationThread();
        ContinueAsNewRequest = new ContinueAsNewRequest(_converter.Serialize(newInput), preserveUnprocessedEvents);
    }

    public override Guid NewGuid()
        => DeterministicGuid.Create($"{InstanceId}_{_currentUtc:o}_{_guidCounter++}");

    public override ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    internal void SetStart(ExecutionStartedEvent start) => _start = start;

    internal void SetCurrentUtc(DateTimeOffset now) => _currentUtc = now.UtcDateTime;

    /// <summary>Matches a recorded scheduling event with what the code scheduled at the same sequence number.</summary>
    internal void MatchRecordedAction(HistoryEvent recorded)
    {
        if (!_pendingActions.Remove(recorded.EventId, out var scheduled))
        {
            throw NonDeterminism($"history records {Describe(recorded)} at sequence {recorded.EventId}, but on replay the orchestrator did not schedule anything there");
        }

        if (!IsSameAction(recorded, scheduled))
        {
            throw NonDeterminism($"history records {Describe(recorded)} at sequence {recorded.EventId}, but on replay the orchestrator scheduled {Describe(scheduled)}");
        }
    }

    /// <summary>Clears actions once they are committed as history.</summary>
    internal void ClearPendingActions() => _pendingActions.Clear();

    /// <summary>Completes the task waiting on <paramref name="taskId"/>; false when nothing waits (a duplicate or stale result).</summary>
    internal bool TryComplete(int taskId, string? result)
    {
        if (!_openTasks.Remove(taskId, out var open))
        {
            return false;
        }

        open.Source.TrySetResult(result);
        return true;
    }

    /// <summary>Fails the task waiting on <paramref name="taskId"/>; false when nothing waits.</summary>
    internal bool TryFail(int taskId, TaskFailureDetails failure)
    {
        if (!_openTasks.Remove(taskId, out var open))
        {
            return false;
        }

        open.Source.TrySetException(new TaskFailedException(open.Name, taskId, failure));
        return true;
    }

    internal bool IsOpen(int taskId) => _openTasks.ContainsKey(taskId);

    internal void DeliverEvent(EventRaisedEvent raised) => _events.Deliver(raised);

    private Task<string?> Schedule(Func<int, HistoryEvent> createAction, string name)
    {
        EnsureOnOrchestrationThread();
        var id = _sequence++;
        _pendingActions.Add(id, createAction(id));
        var source = new TaskCompletionSource<string?>();
        _openTasks.Add(id, new OpenTask(name, source));
        return source.Task;
    }

    private async Task<T> ConvertEventAsync<T>(Task<string?> raw) => _converter.Deserialize<T>(await raw)!;

    private void EnsureOnOrchestrationThread()
    {
        if (!_syncContext.IsOnOwnerThread)
        {
            throw NonDeterminism("a context method was called outside the orchestration's thread (from Task.Run, a thread, or code after ConfigureAwait(false))");
        }
    }

    private NonDeterministicOrchestrationException NonDeterminism(string what)
        => new($"Non-deterministic orchestrator '{_start?.Name}' (instance '{_start?.Instance.InstanceId}'): {what}. "
            + "Was the orchestrator code changed while this instance was running? Orchestrators must schedule the same work in the same order on every replay.");

    private static bool IsSameAction(HistoryEvent recorded, HistoryEvent scheduled) => (recorded, scheduled) switch
    {
        (TaskScheduledEvent a, TaskScheduledEvent b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
        (TimerCreatedEvent, TimerCreatedEvent) => true,
        (SubOrchestrationInstanceCreatedEvent a, SubOrchestrationInstanceCreatedEvent b) =>
            string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && a.InstanceId == b.InstanceId,
        (EventSentEvent a, EventSentEvent b) => a.InstanceId == b.InstanceId && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string Describe(HistoryEvent action) => action switch
    {
        TaskScheduledEvent t => $"activity '{t.Name}'",
        TimerCreatedEvent t => $"a timer for {t.FireAt:o}",
        SubOrchestrationInstanceCreatedEvent s => $"sub-orchestration '{s.Name}' (instance '{s.InstanceId}')",
        EventSentEvent e => $"event '{e.Name}' sent to '{e.InstanceId}'",
        _ => action.EventType.ToString(),
    };

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Source);
}

using Microsoft.Extensions.Logging;

namespace Streamer.Durable;

/// <summary>
/// The orchestrator's only window on the world. Every method here is recorded in the instance's
/// history and replayed, which is what makes orchestrations durable.
/// </summary>
/// <remarks>
/// Rules for orchestrator code (broken rules fail the instance with <see cref="NonDeterministicOrchestrationException"/>):
/// <list type="bullet">
/// <item>Await only tasks returned by this context (and <see cref="Task.WhenAll(Task[])"/> / <see cref="Task.WhenAny(Task[])"/> over them).
/// No <see cref="Task.Delay(TimeSpan)"/>, <see cref="Task.Run(Action)"/>, <c>ConfigureAwait(false)</c> or I/O: use activities and <see cref="CreateTimer(DateTime, CancellationToken)"/>.</item>
/// <item>Use <see cref="CurrentUtcDateTime"/> and <see cref="NewGuid"/> instead of the clock and <see cref="Guid.NewGuid"/>.</item>
/// <item>Do not change the order of scheduled work while instances are running; start a new orchestrator name instead.</item>
/// </list>
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The parent when this is a sub-orchestration; otherwise null.</summary>
    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>True while the code is re-running from history; side effects such as logging should be skipped.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>A replay-safe "now": the time the current episode started, the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>Reads the orchestration input as <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after any retries).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after any retries).</exception>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration and returns its output.</summary>
    /// <exception cref="TaskFailedException">The sub-orchestration failed (after any retries).</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null);

    /// <summary>Starts a sub-orchestration whose output is not needed.</summary>
    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null)
        => CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>A durable timer: completes at <paramref name="fireAt"/> (UTC), even across restarts.</summary>
    /// <param name="fireAt">When the timer fires.</param>
    /// <param name="cancellationToken">Cancels the wait; the task then ends as canceled.</param>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires <paramref name="delay"/> after <see cref="CurrentUtcDateTime"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an event raised on this instance with name <paramref name="eventName"/> (case-insensitive).
    /// Events that arrived before the wait are buffered and delivered in arrival order.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="WaitForExternalEvent{T}(string, CancellationToken)"/>, failing with <see cref="TimeoutException"/> after <paramref name="timeout"/> (a durable timer).</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Raises an event on another instance (fire and forget).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? eventData = null);

    /// <summary>
    /// Sets a small JSON-serializable status visible to clients while the instance runs.
    /// At most <see cref="MaxCustomStatusBytes"/> bytes once serialized.
    /// </summary>
    /// <exception cref="ArgumentException">The serialized status is too large.</exception>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>The largest serialized custom status allowed (16 KiB, as in Durable Functions).</summary>
    public const int MaxCustomStatusBytes = 16 * 1024;

    /// <summary>
    /// Restarts the instance with fresh history and <paramref name="newInput"/> once the orchestrator returns.
    /// Use it for eternal or very long loops so that history stays bounded.
    /// </summary>
    /// <param name="newInput">The next generation's input.</param>
    /// <param name="preserveUnprocessedEvents">Carry events not yet consumed into the next generation.</param>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay (name-based, from the instance id and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestrator replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes nothing while the orchestrator replays.</summary>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}

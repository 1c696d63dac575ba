using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>
/// What one episode produced, to be committed atomically by the backend: history to append, the
/// instance's new state, and messages to send. A backend must apply all of it or none of it.
/// </summary>
public sealed record OrchestrationWorkItemResult
{
    /// <summary>Events to append to the instance's history, in order.</summary>
    public required IReadOnlyList<HistoryEvent> NewEvents { get; init; }

    /// <summary>The instance's state after the episode; null when the work item changed nothing (every message was stale).</summary>
    public OrchestrationMetadata? State { get; init; }

    /// <summary>Activity invocations to enqueue (each carries a <see cref="TaskScheduledEvent"/>).</summary>
    public IReadOnlyList<TaskMessage> ActivityMessages { get; init; } = [];

    /// <summary>Messages for orchestrations, including this one (timers, continue-as-new) and new sub-orchestrations.</summary>
    public IReadOnlyList<TaskMessage> OrchestrationMessages { get; init; } = [];

    /// <summary>True when the episode ended with continue-as-new: the history is replaced, not appended to.</summary>
    public bool ResetHistory { get; init; }
}

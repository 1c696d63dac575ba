namespace Streamer.Durable.History;

/// <summary>The kinds of history event; names match Durable Functions' <c>historyEvents</c> output.</summary>
public enum HistoryEventType
{
    /// <summary>The execution started with its input.</summary>
    ExecutionStarted,

    /// <summary>The execution finished (completed, failed, canceled or continued as new).</summary>
    ExecutionCompleted,

    /// <summary>A terminate request arrived.</summary>
    ExecutionTerminated,

    /// <summary>A suspend request arrived.</summary>
    ExecutionSuspended,

    /// <summary>A resume request arrived.</summary>
    ExecutionResumed,

    /// <summary>An episode (one run of the orchestrator over new events) began.</summary>
    OrchestratorStarted,

    /// <summary>An episode ended.</summary>
    OrchestratorCompleted,

    /// <summary>An activity was scheduled.</summary>
    TaskScheduled,

    /// <summary>An activity returned.</summary>
    TaskCompleted,

    /// <summary>An activity threw.</summary>
    TaskFailed,

    /// <summary>A durable timer was created.</summary>
    TimerCreated,

    /// <summary>A durable timer fired.</summary>
    TimerFired,

    /// <summary>A sub-orchestration was started.</summary>
    SubOrchestrationInstanceCreated,

    /// <summary>A sub-orchestration completed.</summary>
    SubOrchestrationInstanceCompleted,

    /// <summary>A sub-orchestration failed or was terminated.</summary>
    SubOrchestrationInstanceFailed,

    /// <summary>An external event arrived.</summary>
    EventRaised,

    /// <summary>The orchestrator sent an event to another instance.</summary>
    EventSent,
}

namespace Streamer.Durable;

/// <summary>The lifecycle state of an orchestration instance.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled but not yet picked up by a worker.</summary>
    Pending,

    /// <summary>Started and not yet finished.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Finished because the orchestrator threw, or the engine failed it.</summary>
    Failed,

    /// <summary>Finished because the orchestrator ended with an <see cref="OperationCanceledException"/>.</summary>
    Canceled,

    /// <summary>Stopped from outside by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request; events are kept until it is resumed.</summary>
    Suspended,

    /// <summary>Restarting with fresh history after <see cref="TaskOrchestrationContext.ContinueAsNew"/>.</summary>
    ContinuedAsNew,
}

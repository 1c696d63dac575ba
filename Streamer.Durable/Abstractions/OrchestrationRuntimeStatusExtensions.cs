namespace Streamer.Durable;

/// <summary>Helpers over <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True when the instance will not run again unless it is restarted.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or
        OrchestrationRuntimeStatus.Failed or
        OrchestrationRuntimeStatus.Canceled or
        OrchestrationRuntimeStatus.Terminated;
}

namespace Streamer.Durable.History;

/// <summary>Starts an execution: the orchestrator name, the instance and execution ids, and the input.</summary>
public sealed record ExecutionStartedEvent(DateTimeOffset Timestamp, string Name, OrchestrationInstance Instance, string? Input, ParentOrchestrationInstance? Parent = null) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionStarted;
}

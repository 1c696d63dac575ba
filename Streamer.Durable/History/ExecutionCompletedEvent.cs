namespace Streamer.Durable.History;

/// <summary>Ends an execution. For <see cref="OrchestrationRuntimeStatus.ContinuedAsNew"/> the result is the next generation's input.</summary>
public sealed record ExecutionCompletedEvent(DateTimeOffset Timestamp, OrchestrationRuntimeStatus Status, string? Result, TaskFailureDetails? FailureDetails = null) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionCompleted;
}

namespace Streamer.Durable.History;

/// <summary>A sub-orchestration completed with <c>Result</c>.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent(DateTimeOffset Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceCompleted;
}

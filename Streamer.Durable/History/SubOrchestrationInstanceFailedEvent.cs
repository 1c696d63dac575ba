namespace Streamer.Durable.History;

/// <summary>A sub-orchestration failed, was canceled or was terminated.</summary>
public sealed record SubOrchestrationInstanceFailedEvent(DateTimeOffset Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceFailed;
}

namespace Streamer.Durable.History;

/// <summary>Ends an episode.</summary>
public sealed record OrchestratorCompletedEvent(DateTimeOffset Timestamp) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.OrchestratorCompleted;
}

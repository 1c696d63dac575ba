namespace Streamer.Durable.History;

/// <summary>Begins an episode; its timestamp is the orchestrator's CurrentUtcDateTime until the next one.</summary>
public sealed record OrchestratorStartedEvent(DateTimeOffset Timestamp) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.OrchestratorStarted;
}

namespace Streamer.Durable.History;

/// <summary>The orchestrator created a durable timer.</summary>
public sealed record TimerCreatedEvent(int EventId, DateTimeOffset Timestamp, DateTimeOffset FireAt) : HistoryEvent(EventId, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TimerCreated;
}

namespace Streamer.Durable.History;

/// <summary>The orchestrator raised an event on another instance.</summary>
public sealed record EventSentEvent(int EventId, DateTimeOffset Timestamp, string InstanceId, string Name, string? Input) : HistoryEvent(EventId, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.EventSent;
}

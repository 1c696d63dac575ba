namespace Streamer.Durable.History;

/// <summary>The orchestrator scheduled activity <c>Name</c> with sequence number <c>EventId</c>.</summary>
public sealed record TaskScheduledEvent(int EventId, DateTimeOffset Timestamp, string Name, string? Input) : HistoryEvent(EventId, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TaskScheduled;
}

namespace Streamer.Durable.History;

/// <summary>An external event arrived.</summary>
public sealed record EventRaisedEvent(DateTimeOffset Timestamp, string Name, string? Input) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.EventRaised;
}

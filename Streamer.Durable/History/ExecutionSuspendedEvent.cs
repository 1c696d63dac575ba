namespace Streamer.Durable.History;

/// <summary>A suspend request with its reason.</summary>
public sealed record ExecutionSuspendedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionSuspended;
}

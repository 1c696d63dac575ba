namespace Streamer.Durable.History;

/// <summary>A terminate request with its reason (serialized).</summary>
public sealed record ExecutionTerminatedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionTerminated;
}

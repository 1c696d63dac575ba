namespace Streamer.Durable.History;

/// <summary>A resume request with its reason.</summary>
public sealed record ExecutionResumedEvent(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionResumed;
}

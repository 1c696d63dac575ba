namespace Streamer.Durable.History;

/// <summary>The durable timer created as <c>TimerId</c> fired.</summary>
public sealed record TimerFiredEvent(DateTimeOffset Timestamp, int TimerId, DateTimeOffset FireAt) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TimerFired;
}

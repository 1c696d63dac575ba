namespace Streamer.Durable.History;

/// <summary>The activity scheduled as <c>TaskScheduledId</c> returned <c>Result</c>.</summary>
public sealed record TaskCompletedEvent(DateTimeOffset Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TaskCompleted;
}

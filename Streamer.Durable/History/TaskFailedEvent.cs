namespace Streamer.Durable.History;

/// <summary>The activity scheduled as <c>TaskScheduledId</c> threw.</summary>
public sealed record TaskFailedEvent(DateTimeOffset Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TaskFailed;
}

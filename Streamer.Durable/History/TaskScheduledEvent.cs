using Streamer.Durable.Telemetry;

namespace Streamer.Durable.History;

/// <summary>
/// The orchestrator scheduled activity <c>Name</c> with sequence number <c>EventId</c>. <c>Trace</c> is the trace
/// context of the orchestration episode that scheduled it, the parent of the activity's span.
/// </summary>
public sealed record TaskScheduledEvent(int EventId, DateTimeOffset Timestamp, string Name, string? Input, TraceContext? Trace = null) : HistoryEvent(EventId, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.TaskScheduled;
}

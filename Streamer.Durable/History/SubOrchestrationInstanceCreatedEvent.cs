namespace Streamer.Durable.History;

/// <summary>The orchestrator started a sub-orchestration.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent(int EventId, DateTimeOffset Timestamp, string Name, string InstanceId, string? Input) : HistoryEvent(EventId, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceCreated;
}

using Streamer.Durable.Telemetry;

namespace Streamer.Durable.History;

/// <summary>
/// Starts an execution: the orchestrator name, the instance and execution ids, and the input. After
/// continue-as-new, <c>CarriedEvents</c> holds the previous generation's unconsumed events (and
/// suspend/resume requests), applied right after the start in their original order; carrying them
/// inside the start keeps that order whatever order a queue delivers messages in. <c>Trace</c> is the trace
/// context of whatever started the execution; every episode's span is its child.
/// </summary>
public sealed record ExecutionStartedEvent(
    DateTimeOffset Timestamp,
    string Name,
    OrchestrationInstance Instance,
    string? Input,
    ParentOrchestrationInstance? Parent = null,
    IReadOnlyList<HistoryEvent>? CarriedEvents = null,
    TraceContext? Trace = null) : HistoryEvent(-1, Timestamp)
{
    /// <inheritdoc />
    public override HistoryEventType EventType => HistoryEventType.ExecutionStarted;
}

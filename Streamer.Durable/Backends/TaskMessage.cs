using System.Text.Json.Serialization;
using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>
/// A history event on its way to an instance (orchestration messages) or to an activity worker
/// (a <see cref="TaskScheduledEvent"/>).
/// </summary>
/// <param name="Target">The receiving instance; a non-null execution id makes stale messages for an older generation droppable.</param>
/// <param name="Event">The event to deliver.</param>
public sealed record TaskMessage(OrchestrationInstance Target, HistoryEvent Event)
{
    /// <summary>When the message may be delivered: the fire time for timers, otherwise immediately (null).</summary>
    [JsonIgnore]
    public DateTimeOffset? VisibleAt => (Event as TimerFiredEvent)?.FireAt;
}

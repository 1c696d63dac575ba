namespace Streamer.Durable.AzureStorage.Monitoring;

/// <summary>The approximate number of messages waiting in a task hub's queues.</summary>
/// <param name="WorkItems">Activity messages in the work-item queue.</param>
/// <param name="ControlQueues">Orchestration messages per control queue, by partition; timer messages not yet due included.</param>
public sealed record QueueBacklog(int WorkItems, IReadOnlyList<int> ControlQueues);

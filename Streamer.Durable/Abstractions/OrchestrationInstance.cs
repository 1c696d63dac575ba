namespace Streamer.Durable;

/// <summary>Addresses an orchestration instance, optionally one execution (generation) of it.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="ExecutionId">The execution id, or null for whichever execution is current.</param>
public sealed record OrchestrationInstance(string InstanceId, string? ExecutionId = null);

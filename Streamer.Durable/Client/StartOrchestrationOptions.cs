namespace Streamer.Durable;

/// <summary>Options for scheduling a new orchestration instance.</summary>
/// <param name="InstanceId">The id to use; a new GUID when null. Must not belong to a Pending, Running or Suspended instance.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null);

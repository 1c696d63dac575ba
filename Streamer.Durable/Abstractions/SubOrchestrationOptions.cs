namespace Streamer.Durable;

/// <summary>Options for starting a sub-orchestration.</summary>
/// <param name="InstanceId">The child's instance id; when null, a GUID from <see cref="TaskOrchestrationContext.NewGuid"/> (the same on every replay).</param>
/// <param name="Retry">Retry policy applied when the child fails.</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

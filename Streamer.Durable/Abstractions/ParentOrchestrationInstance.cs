namespace Streamer.Durable;

/// <summary>Identifies the orchestration that started a sub-orchestration.</summary>
/// <param name="Name">The parent's orchestrator name.</param>
/// <param name="InstanceId">The parent's instance id.</param>
/// <param name="ExecutionId">The parent's execution id.</param>
/// <param name="TaskScheduledId">The sequence number under which the parent scheduled the child.</param>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId, string ExecutionId, int TaskScheduledId);

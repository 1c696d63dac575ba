namespace Streamer.Durable;

/// <summary>Scheduling failed because an instance with the same id is still Pending, Running or Suspended.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration with instance id '{instanceId}' already exists and is {status}; wait for it to finish, terminate it, or choose another id.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The conflicting instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The existing instance's status.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}

namespace Streamer.Durable;

/// <summary>The named orchestration instance does not exist.</summary>
public sealed class OrchestrationNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance with id '{instanceId}' exists.")
    {
        InstanceId = instanceId;
    }

    /// <summary>The unknown instance id.</summary>
    public string InstanceId { get; }
}

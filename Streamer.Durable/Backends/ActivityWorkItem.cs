using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>An activity invocation locked for one worker.</summary>
public sealed class ActivityWorkItem
{
    /// <summary>Creates a work item.</summary>
    public ActivityWorkItem(OrchestrationInstance instance, TaskScheduledEvent scheduled, object lockToken)
    {
        Instance = instance;
        Scheduled = scheduled;
        LockToken = lockToken;
    }

    /// <summary>The orchestration (and execution) that scheduled the activity.</summary>
    public OrchestrationInstance Instance { get; }

    /// <summary>The activity name, input and sequence number.</summary>
    public TaskScheduledEvent Scheduled { get; }

    /// <summary>Backend-specific lock state, handed back on renew, complete or abandon.</summary>
    public object LockToken { get; }
}

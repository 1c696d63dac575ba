using Streamer.Durable.History;

namespace Streamer.Durable.Backends.InMemory;

/// <summary>One instance's row, history and inbox. Guarded by the backend's lock.</summary>
internal sealed class InstanceRecord(OrchestrationMetadata state)
{
    public OrchestrationMetadata State { get; set; } = state;

    public List<HistoryEvent> History { get; set; } = [];

    public List<TaskMessage> Inbox { get; set; } = [];

    /// <summary>Non-zero while a worker holds the instance.</summary>
    public long LockToken { get; set; }

    public DateTimeOffset LockExpiresAt { get; set; }

    /// <summary>The messages handed to the current lock holder, restored to the inbox on abandon or expiry.</summary>
    public List<TaskMessage>? LockedMessages { get; set; }

    /// <summary>True while the record sits in the ready queue, so it is queued once.</summary>
    public bool Queued { get; set; }

    public TaskCompletionSource? Changed { get; set; }

    public string InstanceId => State.InstanceId;
}

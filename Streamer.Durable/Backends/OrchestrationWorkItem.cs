using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>
/// An instance locked for one worker, with its history and the messages that arrived since.
/// All pending messages of the instance are delivered together so that a fan-in of N results
/// costs one episode, not N.
/// </summary>
public sealed class OrchestrationWorkItem
{
    /// <summary>Creates a work item.</summary>
    public OrchestrationWorkItem(string instanceId, IReadOnlyList<HistoryEvent> history, IReadOnlyList<TaskMessage> newMessages, object lockToken)
    {
        InstanceId = instanceId;
        History = history;
        NewMessages = newMessages;
        LockToken = lockToken;
    }

    /// <summary>The locked instance.</summary>
    public string InstanceId { get; }

    /// <summary>The instance's current execution history, oldest first.</summary>
    public IReadOnlyList<HistoryEvent> History { get; }

    /// <summary>Messages not yet applied, in arrival order.</summary>
    public IReadOnlyList<TaskMessage> NewMessages { get; }

    /// <summary>Backend-specific lock state, handed back on complete or abandon.</summary>
    public object LockToken { get; }

    /// <summary>
    /// Set when the backend has delivered these messages more often than its poison threshold (for
    /// example because processing them keeps crashing the host): the worker then fails the instance
    /// with this reason instead of running it again.
    /// </summary>
    public string? PoisonReason { get; init; }
}

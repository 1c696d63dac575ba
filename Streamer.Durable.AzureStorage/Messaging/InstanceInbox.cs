namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>The messages this host has received for one instance, and whether a worker holds them.</summary>
internal sealed class InstanceInbox(string instanceId, int partition)
{
    public string InstanceId { get; } = instanceId;

    public int Partition { get; } = partition;

    /// <summary>Received, not yet handed to a worker.</summary>
    public List<ReceivedMessage> Pending { get; set; } = [];

    /// <summary>Handed to a worker; null while the instance is not locked.</summary>
    public List<ReceivedMessage>? InFlight { get; set; }

    public bool Queued { get; set; }

    /// <summary>Counts the locks taken on this inbox; a work item remembers its own, so that a stale release cannot undo a newer lock.</summary>
    public long LockCount { get; private set; }

    /// <summary>Hands the pending messages to a worker; returns the lock's number.</summary>
    public long Lock()
    {
        InFlight = Pending;
        Pending = [];
        return ++LockCount;
    }

    public ReceivedMessage? Find(string messageId)
        => Pending.Find(m => m.MessageId == messageId) ?? InFlight?.Find(m => m.MessageId == messageId);
}

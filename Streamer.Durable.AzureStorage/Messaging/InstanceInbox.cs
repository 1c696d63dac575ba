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

    public ReceivedMessage? Find(string messageId)
        => Pending.Find(m => m.MessageId == messageId) ?? InFlight?.Find(m => m.MessageId == messageId);
}

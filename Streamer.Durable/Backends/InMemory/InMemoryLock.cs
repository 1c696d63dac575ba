namespace Streamer.Durable.Backends.InMemory;

/// <summary>The lock token handed out with in-memory work items.</summary>
internal sealed record InMemoryLock(long Token, InstanceRecord? Instance = null, TaskMessage? Activity = null)
{
    public DateTimeOffset ExpiresAt { get; set; }
}

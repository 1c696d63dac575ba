namespace Streamer.Durable.Backends;

/// <summary>A work item's lock expired before it was completed; its messages may already be with another worker.</summary>
public sealed class WorkItemLockLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkItemLockLostException(string message)
        : base(message)
    {
    }
}

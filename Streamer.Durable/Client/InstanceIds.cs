namespace Streamer.Durable;

/// <summary>Rules for instance ids, shared by the client and every backend.</summary>
internal static class InstanceIds
{
    /// <summary>Longest allowed instance id (Azure Table keys allow 1 KiB; Durable's own limit is 100 for hub names, 256 here).</summary>
    public const int MaxLength = 256;

    public static string NewExecutionId() => Guid.NewGuid().ToString("N");

    /// <summary>Rejects ids that cannot be stored as Azure Table keys or used in URLs.</summary>
    public static void Validate(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (instanceId.Length > MaxLength)
        {
            throw new ArgumentException($"Instance id must be at most {MaxLength} characters; got {instanceId.Length}.", nameof(instanceId));
        }

        foreach (var c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"Instance id must not contain '/', '\\', '#', '?' or control characters; got '{instanceId}'.", nameof(instanceId));
            }
        }
    }
}

namespace Streamer.Activities.RequestData;

/// <summary>
/// Where a request's orchestration keeps what it refers to instead of carrying it through its history: the payload, the
/// chunk plan beyond its first segment, and chunk results too large to inline (docs/cost.md).
/// Items are named per orchestration instance; each is written whole and may be overwritten by a retry with the same content.
/// </summary>
public interface IRequestDataStore
{
    /// <summary>Writes (or overwrites) the item <paramref name="name"/> of instance <paramref name="instanceId"/>.</summary>
    Task WriteAsync(string instanceId, string name, BinaryData content, CancellationToken cancellationToken);

    /// <summary>The item, or null when it was never written (or was deleted).</summary>
    Task<BinaryData?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken);

    /// <summary>Deletes every item of the instance; succeeds when there is none.</summary>
    Task DeleteAllAsync(string instanceId, CancellationToken cancellationToken);
}

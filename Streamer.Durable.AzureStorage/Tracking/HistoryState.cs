using Azure;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage.Tracking;

/// <summary>
/// An instance's committed history as last read or written by this host, with the sentinel ETag
/// that guards the next append and the ids of the queue messages already recorded.
/// </summary>
internal sealed class HistoryState(ETag etag, string executionId, List<HistoryEvent> events, HashSet<string> messageIds)
{
    /// <summary>The sentinel row's ETag; default when the instance has no history row yet.</summary>
    public ETag ETag { get; set; } = etag;

    public string ExecutionId { get; set; } = executionId;

    /// <summary>Append-only; replaced (not cleared) when a new execution starts.</summary>
    public List<HistoryEvent> Events { get; set; } = events;

    public HashSet<string> MessageIds { get; set; } = messageIds;

    public static HistoryState Empty() => new(default, string.Empty, [], []);
}

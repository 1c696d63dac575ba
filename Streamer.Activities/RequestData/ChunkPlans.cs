using System.Text.Json;

namespace Streamer.Activities.RequestData;

/// <summary>
/// Keeps a long chunk plan out of the orchestration's history: the plan is cut into segments of the configured size; the
/// first goes back to the orchestrator, the others are stored and each is loaded by the execution that runs it (docs/cost.md).
/// </summary>
public sealed class ChunkPlans(IRequestDataStore store)
{
    // Writing a 10,000-chunk plan is about a hundred small blobs: a few at a time keeps planning short without a flood of calls.
    private const int WriteParallelism = 8;

    /// <summary>Stores every segment of <paramref name="chunks"/> but the first, and returns the first.</summary>
    public async Task<IReadOnlyList<JsonElement>> SaveAsync(string instanceId, IReadOnlyList<JsonElement> chunks, int segmentSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        var segments = (chunks.Count + segmentSize - 1) / segmentSize;
        await Parallel.ForEachAsync(
            Enumerable.Range(1, Math.Max(0, segments - 1)),
            new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            (segment, token) => new ValueTask(store.WriteAsync(instanceId, Name(segment), BinaryData.FromObjectAsJson(Slice(chunks, segment, segmentSize)), token)));
        return Slice(chunks, 0, segmentSize);
    }

    /// <summary>The chunks of segment <paramref name="segment"/> (1 or more), as <see cref="SaveAsync"/> stored them.</summary>
    public async Task<IReadOnlyList<JsonElement>> LoadAsync(string instanceId, int segment, CancellationToken cancellationToken)
        => (await store.ReadAsync(instanceId, Name(segment), cancellationToken))?.ToObjectFromJson<JsonElement[]>()
            ?? throw new InvalidOperationException($"Segment {segment} of the plan of instance '{instanceId}' is not in storage; was the request purged while it ran?");

    private static JsonElement[] Slice(IReadOnlyList<JsonElement> chunks, int segment, int segmentSize)
        => [.. chunks.Skip(segment * segmentSize).Take(segmentSize)];

    private static string Name(int segment) => $"plan/segment-{segment:D5}.json";
}

using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Streamer.Activities.RequestData;

/// <summary>
/// Keeps chunk results out of the orchestration's history: a small result stays inline in its <see cref="ChunkResultRef"/>,
/// a larger one is stored by the chunk that made it; at the end of each segment of chunks but the last the refs themselves are
/// stored, so no execution's input carries the results of earlier segments. Finalize reads them back one at a time (docs/cost.md).
/// </summary>
public sealed class ChunkResults(IRequestDataStore store)
{
    /// <summary>The largest result JSON, in UTF-8 bytes, kept inline in the history.</summary>
    public const int InlineLimitBytes = 512;

    private static readonly JsonElement JsonNull = JsonSerializer.SerializeToElement<object?>(null);

    /// <summary>The ref for the result of chunk <paramref name="index"/>, storing the result first when it is large.</summary>
    public async Task<ChunkResultRef> KeepAsync(string instanceId, int index, JsonElement result, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(result);
        if (json.Length <= InlineLimitBytes)
        {
            return new ChunkResultRef(result, null);
        }

        // A retried or duplicated chunk overwrites its own blob with an equivalent result (chunks are idempotent).
        await store.WriteAsync(instanceId, ResultName(index), BinaryData.FromBytes(json), cancellationToken);
        return new ChunkResultRef(null, index);
    }

    /// <summary>Stores the refs of segment <paramref name="segment"/>'s chunks, in plan order.</summary>
    public Task SaveSegmentAsync(string instanceId, int segment, IReadOnlyList<ChunkResultRef> results, CancellationToken cancellationToken)
        => store.WriteAsync(instanceId, SegmentName(segment), BinaryData.FromObjectAsJson(results), cancellationToken);

    /// <summary>
    /// Every result in plan order: those of the <paramref name="savedSegments"/> stored segments, then <paramref name="last"/>.
    /// One segment's refs and one stored result are in memory at a time.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> ReadAllAsync(
        string instanceId, int savedSegments, IReadOnlyList<ChunkResultRef> last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(last);
        for (var segment = 0; segment < savedSegments; segment++)
        {
            var refs = (await store.ReadAsync(instanceId, SegmentName(segment), cancellationToken))?.ToObjectFromJson<ChunkResultRef[]>()
                ?? throw Missing(instanceId, SegmentName(segment));
            foreach (var result in refs)
            {
                yield return await ResolveAsync(instanceId, result, cancellationToken);
            }
        }

        foreach (var result in last)
        {
            yield return await ResolveAsync(instanceId, result, cancellationToken);
        }
    }

    private async Task<JsonElement> ResolveAsync(string instanceId, ChunkResultRef result, CancellationToken cancellationToken)
    {
        if (result.StoredIndex is not { } index)
        {
            // A handler's JSON null comes back from the history as a null Value.
            return result.Value ?? JsonNull;
        }

        var content = await store.ReadAsync(instanceId, ResultName(index), cancellationToken) ?? throw Missing(instanceId, ResultName(index));
        return JsonSerializer.Deserialize<JsonElement>(content.ToMemory().Span);
    }

    private static InvalidOperationException Missing(string instanceId, string name)
        => new($"The chunk result '{name}' of instance '{instanceId}' is not in storage; was the request purged while it ran?");

    private static string ResultName(int index) => $"results/chunk-{index:D6}.json";

    private static string SegmentName(int segment) => $"results/segment-{segment:D5}.json";
}

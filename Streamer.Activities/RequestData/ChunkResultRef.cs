using System.Text.Json;

namespace Streamer.Activities.RequestData;

/// <summary>
/// What the orchestration's history keeps of one chunk's result: the result itself when its JSON is at most
/// <see cref="ChunkResults.InlineLimitBytes"/>, otherwise the index under which <see cref="ChunkResults"/> stored it.
/// </summary>
/// <param name="Value">The result, when it is small; null when stored.</param>
/// <param name="StoredIndex">The chunk's index, when its result was stored; null when inline.</param>
public sealed record ChunkResultRef(JsonElement? Value, int? StoredIndex);

using System.Text.Json;

namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.RunChunk"/>.</summary>
/// <param name="Request">The request.</param>
/// <param name="Chunk">The chunk, as planned.</param>
/// <param name="Index">Its position in the plan.</param>
/// <param name="Count">The number of chunks.</param>
/// <param name="CompletedBefore">How many chunks had finished when this one was scheduled; the base of its progress.</param>
public sealed record ChunkInput(RequestEnvelope Request, JsonElement Chunk, int Index, int Count, int CompletedBefore);

using System.Text.Json;

namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.FinalizeRequest"/>: the chunk results in plan order.</summary>
public sealed record FinalizeInput(RequestEnvelope Request, IReadOnlyList<JsonElement> ChunkResults);

using Streamer.Activities.RequestData;

namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.FinalizeRequest"/>: how many segments' results are stored, and the last segment's result refs.</summary>
public sealed record FinalizeInput(RequestEnvelope Request, int SavedSegments, IReadOnlyList<ChunkResultRef> LastResults);

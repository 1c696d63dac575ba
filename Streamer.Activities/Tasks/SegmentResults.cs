using Streamer.Activities.RequestData;

namespace Streamer.Activities.Tasks;

/// <summary>The input of <see cref="RequestTaskNames.SaveResults"/>: the result refs of one finished segment, in plan order.</summary>
public sealed record SegmentResults(RequestEnvelope Request, int Segment, IReadOnlyList<ChunkResultRef> Results);

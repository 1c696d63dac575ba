using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>
/// How far a request has got, carried from one execution of its orchestration to the next: each execution runs one segment
/// of <see cref="SegmentSize"/> chunks and continues as new, so no history holds more than a segment (docs/cost.md).
/// </summary>
/// <param name="Count">The plan's chunk count.</param>
/// <param name="Execution">The handler's execution policy, as planned.</param>
/// <param name="SegmentSize">Chunks per segment, as planned (fixed for the request, so every replay cuts the same segments).</param>
/// <param name="Segment">The segment this execution runs, from 0.</param>
public sealed record RequestCursor(int Count, ChunkExecution Execution, int SegmentSize, int Segment)
{
    /// <summary>The index of this segment's first chunk.</summary>
    public int FirstChunk => Segment * SegmentSize;

    /// <summary>Whether a segment follows this one.</summary>
    public bool HasNext => FirstChunk + SegmentSize < Count;

    /// <summary>The cursor of the next segment.</summary>
    public RequestCursor Next() => this with { Segment = Segment + 1 };
}

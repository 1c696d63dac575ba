using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>The output of <see cref="RequestTaskNames.PlanChunks"/>: how many chunks, how to run them, and the first segment of them.</summary>
/// <param name="Count">The plan's chunk count.</param>
/// <param name="Execution">The handler's execution policy.</param>
/// <param name="SegmentSize">Chunks per execution of the orchestration (<see cref="ChunkOptions.ChunksPerSegment"/>).</param>
/// <param name="FirstSegment">The first <paramref name="SegmentSize"/> chunks; the others are stored (<see cref="RequestData.ChunkPlans"/>).</param>
public sealed record ChunkPlan(int Count, ChunkExecution Execution, int SegmentSize, IReadOnlyList<JsonElement> FirstSegment);

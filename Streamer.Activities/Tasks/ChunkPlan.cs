using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>The output of <see cref="RequestTaskNames.PlanChunks"/>: the chunks and how to run them.</summary>
public sealed record ChunkPlan(IReadOnlyList<JsonElement> Chunks, ChunkExecution Execution);

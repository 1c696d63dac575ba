using Streamer.Activities.Progress;

namespace Streamer.Activities.Sdk;

/// <summary>What a handler gets while processing one chunk.</summary>
/// <param name="Request">The request being worked on.</param>
/// <param name="Index">The chunk's position in the plan, from 0.</param>
/// <param name="Count">How many chunks the plan has.</param>
/// <param name="Progress">Reports progress within this chunk.</param>
public sealed record ChunkContext(ActionRequest Request, int Index, int Count, IProgressReporter Progress);

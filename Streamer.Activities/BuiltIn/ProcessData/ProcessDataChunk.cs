namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>One <c>process_data</c> chunk: the prepare step, or write share <paramref name="Part"/> of <paramref name="Parts"/>.</summary>
/// <param name="Stage">What the chunk does.</param>
/// <param name="Part">For a write chunk, which share of the result it writes, from 0.</param>
/// <param name="Parts">For a write chunk, into how many shares the result is split.</param>
public sealed record ProcessDataChunk(ProcessDataStage Stage, int Part, int Parts);

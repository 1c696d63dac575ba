namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>What a <c>process_data</c> result can take at most, in bytes (see <see cref="ResultSizeEstimate"/>).</summary>
/// <param name="Rows">Result rows, at most.</param>
/// <param name="LargestRowBytes">The largest row: its JSON or, for CSV, its line when that is larger.</param>
/// <param name="ChunkRows">Rows in one write chunk's share.</param>
/// <param name="LargestChunkBytes">The largest share: its <paramref name="ChunkRows"/> largest rows.</param>
/// <param name="TotalBytes">The whole file.</param>
internal sealed record ResultSize(long Rows, long LargestRowBytes, long ChunkRows, long LargestChunkBytes, long TotalBytes);

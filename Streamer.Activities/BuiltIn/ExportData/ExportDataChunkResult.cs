namespace Streamer.Activities.BuiltIn.ExportData;

/// <summary>What one export slice wrote.</summary>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Bytes of CSV written.</param>
/// <param name="BlockIds">The file's blocks this slice staged, in order.</param>
/// <param name="Columns">The columns it wrote.</param>
public sealed record ExportDataChunkResult(int Rows, long Bytes, IReadOnlyList<string> BlockIds, IReadOnlyList<string> Columns);

using System.Text.Json;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>What a <c>process_data</c> chunk did. The prepare chunk fills the counts, columns and preview; a write chunk the rows and blocks it wrote.</summary>
/// <param name="InputCount">Rows read (prepare).</param>
/// <param name="OutputCount">Rows the pipeline produced (prepare).</param>
/// <param name="Columns">The result's columns: id, date, then the other fields in order of appearance (prepare).</param>
/// <param name="Preview">The first few result rows (prepare).</param>
/// <param name="RowsWritten">Rows this chunk wrote (write).</param>
/// <param name="BlockIds">The output file's blocks this chunk staged, in order (write).</param>
public sealed record ProcessDataChunkResult(
    int InputCount,
    int OutputCount,
    IReadOnlyList<string> Columns,
    IReadOnlyList<JsonElement> Preview,
    int RowsWritten,
    IReadOnlyList<string> BlockIds);

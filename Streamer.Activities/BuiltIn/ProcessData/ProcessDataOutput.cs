using System.Text.Json;
using Streamer.Activities.BuiltIn.Storage;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary><c>process_data</c>'s output.</summary>
/// <param name="InputCount">Rows read.</param>
/// <param name="OutputCount">Rows the pipeline produced.</param>
/// <param name="OutputDataset">The data set the rows were upserted into, if one was named.</param>
/// <param name="Format">The file's format (<c>json</c> or <c>csv</c>).</param>
/// <param name="Columns">The result's columns.</param>
/// <param name="Preview">The first result rows: at most 10, and at most 1 MiB of them.</param>
/// <param name="File">The output file, with a download link valid for 24 hours.</param>
public sealed record ProcessDataOutput(
    int InputCount,
    int OutputCount,
    string? OutputDataset,
    string Format,
    IReadOnlyList<string> Columns,
    IReadOnlyList<JsonElement> Preview,
    OutputFile File);

using System.Text.Json;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// <c>process_data</c>'s payload: input rows (inline <c>records</c> or a stored <c>dataset</c>), a pipeline of steps,
/// and where the result goes (a file in <c>format</c>, and optionally the data set <c>output_dataset</c>).
/// </summary>
public sealed class ProcessDataPayload
{
    /// <summary>Inline input: 1–10,000 objects, each with a string <c>id</c> (unique), a <c>date</c> (yyyy-MM-dd) and any other fields.</summary>
    public IReadOnlyList<JsonElement>? Records { get; init; }

    /// <summary>Stored input: the name of one of the caller's data sets (at most 10,000 records). Give this or <see cref="Records"/>, not both.</summary>
    public string? Dataset { get; init; }

    /// <summary>The steps, applied in order: 1–20 of <c>filter</c>, <c>transform</c>, <c>aggregate</c>, <c>sort</c>, <c>deduplicate</c>.</summary>
    public required IReadOnlyList<PipelineStep> Pipeline { get; init; }

    /// <summary>A data set to upsert the result rows into (by id), so export_data and generate_report can read them; optional.</summary>
    public string? OutputDataset { get; init; }

    /// <summary>The output file's format: <c>json</c> (an array of row objects, the default) or <c>csv</c>.</summary>
    public string Format { get; init; } = "json";
}

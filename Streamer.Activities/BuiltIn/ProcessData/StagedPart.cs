using System.Text.Json;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>One write chunk's share of the pipeline's result, as the prepare chunk stages it (a blob in the work container).</summary>
/// <param name="Start">The position of its first row in the whole result (the JSON file puts no comma before row 0).</param>
/// <param name="Columns">The whole result's columns, which every CSV line lists.</param>
/// <param name="Rows">Its rows.</param>
internal sealed record StagedPart(int Start, IReadOnlyList<string> Columns, IReadOnlyList<JsonElement> Rows);

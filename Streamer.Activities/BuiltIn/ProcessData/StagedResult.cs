using System.Text.Json;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>The pipeline's result as the prepare chunk stages it for the write chunks (a blob in the work container).</summary>
internal sealed record StagedResult(int InputCount, IReadOnlyList<string> Columns, IReadOnlyList<JsonElement> Rows);

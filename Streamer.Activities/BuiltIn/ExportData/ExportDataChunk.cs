namespace Streamer.Activities.BuiltIn.ExportData;

/// <summary>One slice of an export: the records dated within one calendar month of the range.</summary>
/// <param name="Index">The slice's position, from 0; it orders the file's blocks.</param>
/// <param name="Start">The slice's first day.</param>
/// <param name="End">Its last day.</param>
/// <param name="Columns">The CSV columns, fixed when the export was planned so that every slice writes the same ones.</param>
public sealed record ExportDataChunk(int Index, DateOnly Start, DateOnly End, IReadOnlyList<string> Columns);

using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.ExportData;

/// <summary>
/// <c>export_data</c>'s payload, e.g. <c>{ "dataset": "sales", "date_range": { "start": "2024-01-01", "end": "2024-03-31" } }</c>.
/// </summary>
public sealed class ExportDataPayload
{
    /// <summary>The caller's data set to export.</summary>
    public required string Dataset { get; init; }

    /// <summary>The records' dates to export, both ends included, at most 366 days.</summary>
    public required DateRange DateRange { get; init; }

    /// <summary>The CSV columns, in order (1–200 distinct field names, <c>id</c> and <c>date</c> included); by default id, date and every field the data set has had.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The file format: <c>csv</c>, the only one (accepted so clients can say so).</summary>
    public string Format { get; init; } = FileFormats.Csv;
}

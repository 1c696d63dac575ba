using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;

namespace Streamer.Activities.BuiltIn.ExportData;

/// <summary><c>export_data</c>'s output.</summary>
/// <param name="Dataset">The data set exported.</param>
/// <param name="DateRange">The range exported.</param>
/// <param name="Columns">The CSV's columns.</param>
/// <param name="Rows">Rows in the file (not counting the header).</param>
/// <param name="Format">Always <c>csv</c>.</param>
/// <param name="File">The CSV file, with a download link valid for 24 hours.</param>
public sealed record ExportDataOutput(string Dataset, DateRange DateRange, IReadOnlyList<string> Columns, int Rows, string Format, OutputFile File);

using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary><c>generate_report</c>'s output: the statistics themselves and a link to the report file.</summary>
/// <param name="ReportType">The report type.</param>
/// <param name="Dataset">The data set reported on.</param>
/// <param name="DateRange">The range covered.</param>
/// <param name="ValueField">The numeric field, if one was given.</param>
/// <param name="Periods">One entry per period, in date order.</param>
/// <param name="Totals">The whole range.</param>
/// <param name="Format">The file's format.</param>
/// <param name="File">The report file, with a download link valid for 24 hours.</param>
public sealed record GenerateReportOutput(
    string ReportType,
    string Dataset,
    DateRange DateRange,
    string? ValueField,
    IReadOnlyList<PeriodStats> Periods,
    PeriodStats Totals,
    string Format,
    OutputFile File);

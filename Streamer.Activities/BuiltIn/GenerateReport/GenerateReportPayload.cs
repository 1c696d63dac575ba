using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>
/// <c>generate_report</c>'s payload, e.g. <c>{ "report_type": "monthly", "dataset": "sales", "date_range": { "start":
/// "2024-01-01", "end": "2024-06-30" }, "value_field": "amount", "format": "csv" }</c>.
/// </summary>
public sealed class GenerateReportPayload
{
    /// <summary>How the range is split: <c>monthly</c>, <c>quarterly</c>, <c>annual</c> (calendar periods, clipped to the range) or <c>custom</c> (windows of <see cref="PeriodDays"/>).</summary>
    public required string ReportType { get; init; }

    /// <summary>The caller's data set whose records are counted.</summary>
    public required string Dataset { get; init; }

    /// <summary>The records' dates to cover, both ends included, at most 366 days.</summary>
    public required DateRange DateRange { get; init; }

    /// <summary>A numeric field to sum, average, and take the minimum and maximum of; without it the report only counts records.</summary>
    public string? ValueField { get; init; }

    /// <summary>For <c>custom</c> only: days per period, 1–366; by default the whole range is one period.</summary>
    public int? PeriodDays { get; init; }

    /// <summary>The report file's format: <c>json</c> (the default), <c>csv</c> or <c>html</c>.</summary>
    public string Format { get; init; } = FileFormats.Json;

    /// <summary>A title for the report file, at most 200 characters.</summary>
    public string? Title { get; init; }
}

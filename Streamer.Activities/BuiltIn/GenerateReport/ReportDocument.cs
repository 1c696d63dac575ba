using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>What a report file holds, whatever its format.</summary>
internal sealed record ReportDocument(
    string Title,
    string ReportType,
    string Dataset,
    DateRange DateRange,
    string? ValueField,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<PeriodStats> Periods,
    PeriodStats Totals);

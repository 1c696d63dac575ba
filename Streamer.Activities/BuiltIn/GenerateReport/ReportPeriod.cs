namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>One period of a report (one chunk), both ends included.</summary>
/// <param name="Label">E.g. <c>2024-03</c>, <c>2024-Q1</c>, <c>2024</c> or <c>2024-01-01..2024-01-07</c>.</param>
/// <param name="Start">Its first day.</param>
/// <param name="End">Its last day.</param>
public sealed record ReportPeriod(string Label, DateOnly Start, DateOnly End);

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>The statistics of one period (or, in <c>totals</c>, of the whole range).</summary>
/// <param name="Label">The period's label (<c>total</c> for the whole range).</param>
/// <param name="Start">Its first day.</param>
/// <param name="End">Its last day.</param>
/// <param name="Count">Records dated within it.</param>
/// <param name="ValueCount">Of those, records whose value field holds a number.</param>
/// <param name="Sum">The sum of those numbers (0 when there are none); null without a value field.</param>
/// <param name="Avg">Their average; null when there are none.</param>
/// <param name="Min">The smallest; null when there are none.</param>
/// <param name="Max">The largest; null when there are none.</param>
public sealed record PeriodStats(string Label, DateOnly Start, DateOnly End, int Count, int ValueCount, decimal? Sum, decimal? Avg, decimal? Min, decimal? Max);

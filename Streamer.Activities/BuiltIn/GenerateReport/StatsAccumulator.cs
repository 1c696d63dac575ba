using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>
/// Counts records and folds the numbers of one field into sum, minimum and maximum. Decimal arithmetic, so money
/// adds up the way people expect (10.1 + 20.2 is 30.3, not 30.299999999999997).
/// </summary>
internal sealed class StatsAccumulator(string? valueField)
{
    /// <summary>Averages keep this many decimal places.</summary>
    public const int AverageDecimals = 10;

    private decimal _sum;
    private decimal? _min;
    private decimal? _max;

    public int Count { get; private set; }

    public int ValueCount { get; private set; }

    /// <summary>Adds one record, with its value-field value (null when the report has no value field or the record lacks it).</summary>
    public void Add(JsonElement? value)
    {
        Count++;
        if (value is { ValueKind: JsonValueKind.Number } element)
        {
            if (!element.TryGetDecimal(out var number))
            {
                throw new PayloadRejectedException($"payload.value_field: '{valueField}' holds {element.GetRawText()}, beyond the ±7.9e28 a report can add up");
            }

            ValueCount++;
            _sum = Add(_sum, number);
            _min = _min is { } min ? Math.Min(min, number) : number;
            _max = _max is { } max ? Math.Max(max, number) : number;
        }
    }

    public PeriodStats ToStats(string label, DateOnly start, DateOnly end) => new(
        label,
        start,
        end,
        Count,
        ValueCount,
        valueField is null ? null : Normalize(_sum),
        valueField is null || ValueCount == 0 ? null : Average(_sum, ValueCount),
        valueField is null ? null : Normalize(_min),
        valueField is null ? null : Normalize(_max));

    /// <summary>The whole range from its periods' statistics.</summary>
    public static PeriodStats Combine(IReadOnlyList<PeriodStats> periods, string? valueField, DateRange range)
    {
        var valueCount = periods.Sum(p => p.ValueCount);
        var sum = periods.Aggregate(0m, (total, p) => Add(total, p.Sum ?? 0));
        var withValues = periods.Where(p => p.ValueCount > 0).ToList();
        return new PeriodStats(
            "total",
            range.Start,
            range.End,
            periods.Sum(p => p.Count),
            valueCount,
            valueField is null ? null : Normalize(sum),
            valueField is null || valueCount == 0 ? null : Average(sum, valueCount),
            valueField is null || withValues.Count == 0 ? null : withValues.Min(p => p.Min),
            valueField is null || withValues.Count == 0 ? null : withValues.Max(p => p.Max));
    }

    private static decimal Add(decimal total, decimal number)
    {
        try
        {
            return total + number;
        }
        catch (OverflowException ex)
        {
            throw new PayloadRejectedException("payload.value_field: the values add up to more than the ±7.9e28 a report can hold", ex);
        }
    }

    private static decimal Average(decimal sum, int count) => Normalize(Math.Round(sum / count, AverageDecimals, MidpointRounding.AwayFromZero));

    /// <summary>Drops the trailing zeros decimal arithmetic keeps (2.10 + 0.90 prints as 3, not 3.00).</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    private static decimal? Normalize(decimal? value) => value is { } number ? Normalize(number) : null;
}

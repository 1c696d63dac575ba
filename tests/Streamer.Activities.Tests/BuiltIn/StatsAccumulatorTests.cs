using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.GenerateReport;

namespace Streamer.Activities.Tests.BuiltIn;

public sealed class StatsAccumulatorTests
{
    private static readonly DateOnly Day = new(2024, 1, 1);

    [Fact]
    public void Sums_are_exact_decimals_and_non_numbers_are_counted_but_not_added()
    {
        var stats = new StatsAccumulator("amount");
        foreach (var value in new[] { "10.1", "20.2", "\"n/a\"", "null" })
        {
            stats.Add(JsonDocument.Parse(value).RootElement);
        }

        stats.Add(null);
        var result = stats.ToStats("2024-01", Day, Day);

        Assert.Equal((5, 2), (result.Count, result.ValueCount));
        Assert.Equal(30.3m, result.Sum);
        Assert.Equal(15.15m, result.Avg);
        Assert.Equal((10.1m, 20.2m), (result.Min, result.Max));
    }

    [Fact]
    public void Without_a_value_field_only_counts_are_reported()
    {
        var stats = new StatsAccumulator(null);
        stats.Add(null);

        var result = stats.ToStats("x", Day, Day);

        Assert.Equal(1, result.Count);
        Assert.Null(result.Sum);
        Assert.Null(result.Avg);
    }

    [Fact]
    public void Totals_combine_the_periods()
    {
        PeriodStats[] periods =
        [
            new("a", Day, Day, 3, 2, 3m, 1.5m, 1m, 2m),
            new("b", Day, Day, 4, 0, 0m, null, null, null),
            new("c", Day, Day, 1, 1, 7m, 7m, 7m, 7m),
        ];

        var totals = StatsAccumulator.Combine(periods, "amount", new DateRange { Start = Day, End = Day.AddDays(2) });

        Assert.Equal(("total", 8, 3, 10m), (totals.Label, totals.Count, totals.ValueCount, totals.Sum));
        Assert.Equal(3.3333333333m, totals.Avg);
        Assert.Equal((1m, 7m), (totals.Min, totals.Max));
    }
}
